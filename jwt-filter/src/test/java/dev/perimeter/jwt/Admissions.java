package dev.perimeter.jwt;

/** Reaches a verifier's {@link SignatureAdmission} from tests in other packages. */
public final class Admissions {

    private Admissions() {
    }

    /** Takes a place among the signature checks running at once, as a slow check would. */
    public static boolean occupy(TokenVerifier verifier) {
        return verifier.admission().tryEnter();
    }

    /** Gives back a place {@link #occupy} took. */
    public static void vacate(TokenVerifier verifier) {
        verifier.admission().release();
    }
}
