package dev.souk.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * {@link SoukTest} with the rate limits at their defaults ({@code souk.limits.scale} 1, where the rest
 * of the suite runs at 1000) and mail over SMTP. A few are set lower, so their tests reach them with
 * less work: the sign-in ceilings per account and per address to 30 (not 100), photo uploads to 10
 * (not 200). The test classes using it share one application; each keeps to client addresses and
 * members of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SoukTest
@Import(WithMailbox.class)
@TestPropertySource(
        properties = {
            "souk.limits.scale=1",
            "souk.limits.sign-in-per-account=30/15m",
            "souk.limits.sign-in-per-address=30/15m",
            "souk.limits.listing-photos=10/1h"
        })
public @interface StrictLimits {}
