package dev.souk.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;

/**
 * An upload still arriving: its first read says it {@link #started} and every read waits until the test
 * lets it {@link #finish}, so a test can look at what the app holds meanwhile.
 */
public final class HeldUpload extends InputStream {

    public final CountDownLatch started = new CountDownLatch(1);
    public final CountDownLatch finish = new CountDownLatch(1);
    private final InputStream content;

    public HeldUpload(byte[] content) {
        this.content = new ByteArrayInputStream(content);
    }

    @Override
    public int read() throws IOException {
        arriving();
        return content.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        arriving();
        return content.read(buffer, offset, length);
    }

    private void arriving() throws IOException {
        started.countDown();
        try {
            finish.await();
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }
}
