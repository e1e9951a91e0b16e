package dev.perimeter.jwt.keys;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Map;

/** The NIST curves of JWS (P-256, P-384, P-521) with the JDK's parameters for each. */
final class StandardCurves {

    private static final Map<String, String> JDK_NAMES = Map.of(
            "P-256", "secp256r1",
            "P-384", "secp384r1",
            "P-521", "secp521r1");

    private StandardCurves() {
    }

    /** The JDK's parameters of a JOSE curve name, or null for another name. */
    static ECParameterSpec parameters(String joseName) {
        String jdkName = JDK_NAMES.get(joseName);
        if (jdkName == null) {
            return null;
        }
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(jdkName));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks the standard curve " + jdkName, e);
        }
    }

    /** Whether {@code spec} is exactly the named curve: same field, coefficients and base point. */
    static boolean isNamed(ECParameterSpec spec, String joseName) {
        ECParameterSpec named = parameters(joseName);
        return named != null
                && named.getCurve().equals(spec.getCurve())
                && named.getGenerator().equals(spec.getGenerator())
                && named.getOrder().equals(spec.getOrder())
                && named.getCofactor() == spec.getCofactor();
    }
}
