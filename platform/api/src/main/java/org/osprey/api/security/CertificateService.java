package org.osprey.api.security;

import java.security.GeneralSecurityException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The server's own certificate authority (SEC-01) and the TLS certificate of its HTTPS endpoint, which
 * the CA issues unless an administrator imports another.
 */
@ProviderType
public interface CertificateService {

    /** The certificate authority. */
    CertificateInfo authority();

    /** The certificate the HTTPS endpoint presents. */
    CertificateInfo serverCertificate();

    /** The CA certificate in PEM, for clients and other systems to trust (SEC-03 Export). */
    String authorityPem();

    /** Issues a new server certificate from the CA and puts it into service. */
    CertificateInfo renewServerCertificate() throws GeneralSecurityException;

    /**
     * Puts an imported server certificate into service.
     *
     * @param pkcs12   a PKCS#12 file with the private key and its certificate chain
     * @param password the file's password
     * @throws GeneralSecurityException when the file cannot be read, holds no key, or is not valid now
     */
    CertificateInfo importServerCertificate(byte[] pkcs12, char[] password) throws GeneralSecurityException;
}
