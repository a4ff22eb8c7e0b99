package dev.souk.accounts;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The accounts part of the JSON API. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Accounts", description = "Sign-up, sign-in tokens, email verification, password reset, profiles")
class AccountsApi {

    private final Accounts accounts;
    private final SecondFactors secondFactors;
    private final MessageSource messages;
    private final ObjectProvider<MemberRatings> ratings;

    AccountsApi(
            Accounts accounts,
            SecondFactors secondFactors,
            MessageSource messages,
            ObjectProvider<MemberRatings> ratings) {
        this.ratings = ratings;
        this.accounts = accounts;
        this.secondFactors = secondFactors;
        this.messages = messages;
    }

    record SignUpJson(
            @Nullable String email,
            @Nullable String password,
            @Nullable String displayName) {}

    /** @param code for members with two-step verification: from their authenticator app, or a recovery code */
    record TokenRequestJson(
            @Nullable String email,
            @Nullable String password,
            @Nullable String label,
            @Nullable String code) {}

    record TokenJson(UUID id, String token, Instant expiresAt) {}

    record VerificationJson(@Nullable String token) {}

    record ResetRequestJson(@Nullable String email) {}

    record ResetJson(@Nullable String token, @Nullable String newPassword) {}

    @Schema(name = "MemberRating")
    record RatingJson(@Nullable BigDecimal average, int count) {}

    record MemberJson(
            UUID id,
            String displayName,
            String bio,
            String city,
            @Nullable String avatarUrl,
            Instant memberSince,

            @Schema(description = "The average and count of the public reviews the member received")
            RatingJson rating) {
        static MemberJson of(MemberProfile p, Optional<MemberRatings.Rated> rating) {
            return new MemberJson(
                    p.id(),
                    p.displayName(),
                    p.bio(),
                    p.city(),
                    p.avatarUrl(),
                    p.memberSince(),
                    rating.map(r -> new RatingJson(r.average(), r.count())).orElse(new RatingJson(null, 0)));
        }
    }

    record MeJson(
            UUID id,
            String displayName,
            String bio,
            String city,
            @Nullable String avatarUrl,
            Instant memberSince,
            @Nullable String email,
            boolean emailVerified,
            List<String> roles) {
        static MeJson of(MemberAccount a) {
            MemberProfile p = a.profile();
            return new MeJson(
                    p.id(),
                    p.displayName(),
                    p.bio(),
                    p.city(),
                    p.avatarUrl(),
                    p.memberSince(),
                    a.email(),
                    a.emailVerified(),
                    a.roles().stream().map(Role::column).sorted().toList());
        }
    }

    record ProfilePatchJson(
            @Nullable String displayName,
            @Nullable String bio,
            @Nullable String city) {}

    @PostMapping("/accounts")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Sign up; a verification link is mailed. The answer is the same for a taken email.")
    Map<String, String> signUp(@RequestBody SignUpJson body, HttpServletRequest request) {
        accounts.signUp(
                new SignUp(text(body.email()), text(body.password()), text(body.displayName())),
                request.getRemoteAddr());
        return Map.of("status", "verificationSent");
    }

    @PostMapping("/accounts/email-verification")
    @Operation(summary = "Verify an email address with the token from the mailed link")
    Map<String, String> verify(@RequestBody VerificationJson body) {
        accounts.verifyEmail(text(body.token()));
        return Map.of("status", "verified");
    }

    @PostMapping("/accounts/password-reset")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Mail a password reset link; always 202, whether or not the email is known")
    void requestReset(@RequestBody ResetRequestJson body, HttpServletRequest request) {
        accounts.requestPasswordReset(text(body.email()), request.getRemoteAddr());
    }

    @PostMapping("/accounts/password-reset/confirm")
    @Operation(summary = "Set a new password with the token from the mailed link; signs out everywhere")
    Map<String, String> reset(@RequestBody ResetJson body) {
        accounts.resetPassword(text(body.token()), text(body.newPassword()));
        return Map.of("status", "passwordChanged");
    }

    @PostMapping("/auth/tokens")
    @Operation(summary = "Exchange email and password for a bearer token (valid 30 days)")
    @ApiResponse(responseCode = "201", description = "The token; it is shown only this once")
    @ApiResponse(responseCode = "401", description = "Email or password is wrong")
    @ApiResponse(responseCode = "403", description = "The account is suspended")
    @ApiResponse(responseCode = "429", description = "Too many failed sign-ins: wait Retry-After seconds")
    ResponseEntity<TokenJson> token(@RequestBody TokenRequestJson body, HttpServletRequest request) {
        Member member = accounts.authenticate(text(body.email()), text(body.password()), request.getRemoteAddr());
        secondFactors.requireForToken(member, body.code(), request.getRemoteAddr());
        IssuedToken issued = accounts.issueApiToken(member.id(), text(body.label()));
        return ResponseEntity.created(URI.create("/api/v1/auth/tokens/" + issued.id()))
                .body(new TokenJson(issued.id(), issued.token(), issued.expiresAt()));
    }

    @DeleteMapping("/auth/tokens/current")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke the token this request is made with")
    void revokeCurrent(SignedInMember me, HttpServletRequest request) {
        ApiTokenFilter.currentToken(request).ifPresent(accounts::revokeApiToken);
    }

    @GetMapping("/me")
    @Operation(summary = "The signed-in member's own account")
    MeJson me(SignedInMember me) {
        return MeJson.of(accounts.account(me.id()).orElseThrow());
    }

    @PatchMapping("/me")
    @Operation(summary = "Change display name, bio or city; absent fields stay as they are")
    MeJson patchMe(SignedInMember me, @RequestBody ProfilePatchJson body) {
        MemberProfile current = accounts.account(me.id()).orElseThrow().profile();
        return MeJson.of(accounts.updateProfile(
                me.id(),
                new ProfileUpdate(
                        body.displayName() == null ? current.displayName() : body.displayName(),
                        body.bio() == null ? current.bio() : body.bio(),
                        body.city() == null ? current.city() : body.city())));
    }

    @PostMapping(value = "/me/avatar", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload a profile photo (JPEG, PNG or WebP, up to 5 MB) in the part named file")
    MeJson avatar(SignedInMember me, @RequestPart("file") MultipartFile file) throws IOException {
        try (InputStream content = file.getInputStream()) {
            return MeJson.of(accounts.setAvatar(me.id(), content));
        }
    }

    @DeleteMapping("/me/avatar")
    @Operation(summary = "Remove the profile photo")
    MeJson removeAvatar(SignedInMember me) {
        return MeJson.of(accounts.removeAvatar(me.id()));
    }

    @GetMapping("/me/data")
    @Operation(
            summary = "Download my data: everything Souk keeps about the signed-in member, from every part of it",
            description = "The account and its API tokens, mail kept for the member, listings with their photos, "
                    + "availability and stock, conversations with their messages, blocks, reports and settings.")
    Map<String, Object> data(SignedInMember me) {
        return accounts.export(me.id());
    }

    record DeletionJson(@Nullable String currentPassword) {}

    @PostMapping("/me/deletion")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            summary = "Delete the signed-in member's account, confirmed with the current password",
            description = "Erases the profile, email, password, tokens and photo at once; listings, photos and the "
                    + "rest follow within moments. Conversations stay with the other members, the sender "
                    + "shown as \"Deleted member\". Cannot be undone.")
    void delete(SignedInMember me, @RequestBody DeletionJson body) {
        accounts.delete(me.id(), text(body.currentPassword()));
    }

    @GetMapping("/members/{id}")
    @Operation(summary = "A member's public profile")
    MemberJson member(@PathVariable UUID id) {
        return accounts.profile(id)
                .map(p -> MemberJson.of(
                        p, Optional.ofNullable(ratings.getIfAvailable()).flatMap(r -> r.of(p.id()))))
                .orElseThrow(() -> dev.souk.shared.Refusal.notFound("accounts.unknownMember"));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> wrongCredentials(WrongCredentials e) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, "Email or password is wrong.");
        problem.setType(URI.create("urn:souk:problem:unauthorized"));
        problem.setTitle("Unauthorized");
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem);
    }

    /** 401 with a code of its own, so that clients ask for the second factor (or again for it). */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> secondFactorRefused(SecondFactorRefused e, Locale locale) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.UNAUTHORIZED, messages.getMessage(e.code(), null, e.code(), locale));
        problem.setType(URI.create("urn:souk:problem:unauthorized"));
        problem.setTitle("Unauthorized");
        problem.setProperty("code", e.code());
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem);
    }

    private static String text(@Nullable String value) {
        return value == null ? "" : value;
    }
}
