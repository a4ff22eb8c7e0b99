package dev.souk.shared;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Requests the server refuses before Souk sees them (a request line or headers over the server's size
 * limit, say) are answered by the server's error report: for the API, and for requests too broken to
 * have a path, that is an RFC 9457 problem as well, never an HTML page; people get the server's plain
 * page, with no details.
 */
@Component
class ServerErrorReports implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            var host = context.getParent().getPipeline();
            for (Valve valve : host.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.removeValve(valve);
                }
            }
            host.addValve(new ProblemReports());
            // the host adds a report valve of this class on start unless it finds one
            ((StandardHost) context.getParent()).setErrorReportValveClass(ProblemReports.class.getName());
        });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after Boot's own, whose report valve this one replaces
    }

    static final class ProblemReports extends ErrorReportValve {

        ProblemReports() {
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable failure) {
            String path = request.getRequestURI();
            // a request whose first line could not be read has no path: whoever sent it gets a problem too
            if (path != null && !path.startsWith("/api/")) {
                super.report(request, response, failure);
                return;
            }
            // as the plain report does: only an error nothing has been written for yet, and only once
            if (response.getStatus() < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            HttpStatus status = HttpStatus.resolve(response.getStatus());
            String title = status == null ? "Error" : status.getReasonPhrase();
            String json = "{\"type\":\"" + ProblemTypes.forStatus(response.getStatus()) + "\",\"title\":\"" + title
                    + "\",\"status\":" + response.getStatus() + ",\"detail\":\"The server refused the request: "
                    + title.toLowerCase(Locale.ROOT) + ".\"}";
            try {
                response.setContentType("application/problem+json"); // JSON is UTF-8 by definition: no charset
                response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
                response.finishResponse();
            } catch (IOException | IllegalStateException e) {
                // the connection is being closed anyway; nothing more can be said on it
            }
        }
    }
}
