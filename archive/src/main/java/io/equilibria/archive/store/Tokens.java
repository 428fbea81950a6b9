package io.equilibria.archive.store;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Secrets shared with one's own clients (the owner's read token, the browser's form token). */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {}

    /**
     * 128 random bits as 32 hex digits, from the platform's strong generator. Not
     * {@code SecureRandom.getSeed}, which is meant for seeding other generators and may block.
     */
    public static String random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
