/**
 * Detection rules the filter runs on every request without locks or I/O:
 * {@link dev.perimeter.jwt.detection.AddressSpreadDetector} (one token used from too many client
 * addresses) and {@link dev.perimeter.jwt.detection.SignatureBurstDetector} (a burst of bad
 * signatures). They only decide; the filter raises the audit events and runs any revocation on
 * the audit thread.
 */
package dev.perimeter.jwt.detection;
