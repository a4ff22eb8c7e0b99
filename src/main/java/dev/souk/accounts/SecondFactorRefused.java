package dev.souk.accounts;

/**
 * An API token asked for with the right password but without the member's second factor, or with a
 * wrong one; answered 401 with a code of its own so clients know to ask for the code.
 */
class SecondFactorRefused extends RuntimeException {

    private final String code;

    SecondFactorRefused(String code) {
        super(code, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }
}
