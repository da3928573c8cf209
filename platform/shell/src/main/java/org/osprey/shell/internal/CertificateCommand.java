package org.osprey.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osprey.api.security.CertificateInfo;
import org.osprey.api.security.CertificateService;

/** Shows the HTTPS certificate and the certificate authority, with the certificate ID clients pin (SEC-14). */
@Service
@Command(scope = "osprey", name = "certificate",
        description = "Shows the server's HTTPS certificate and certificate authority; --renew issues a new certificate")
public class CertificateCommand implements Action {

    // Optional: Karaf holds back every command of a bundle while one of them misses a mandatory service.
    @Reference(optional = true)
    private CertificateService certificates;

    @Option(name = "--renew", description = "Issue a new server certificate from the authority and put it into service")
    private boolean renew;

    @Override
    public Object execute() throws Exception {
        if (certificates == null) {
            System.out.println("The certificate service is not running");
            return null;
        }
        if (renew) {
            certificates.renewServerCertificate();
            System.out.println("A new server certificate is in service.");
            System.out.println();
        }
        print("Server certificate", certificates.serverCertificate());
        System.out.println();
        print("Certificate authority", certificates.authority());
        return null;
    }

    private static void print(String title, CertificateInfo info) {
        System.out.println(title);
        System.out.printf("  ID:      %s%n", info.sha256Fingerprint());
        System.out.printf("  Subject: %s%n", info.subject());
        System.out.printf("  Issuer:  %s%n", info.issuer());
        System.out.printf("  Names:   %s%n", info.subjectAltNames().isEmpty() ? "-" : String.join(", ", info.subjectAltNames()));
        System.out.printf("  Valid:   %s to %s%n", info.notBefore(), info.notAfter());
    }
}
