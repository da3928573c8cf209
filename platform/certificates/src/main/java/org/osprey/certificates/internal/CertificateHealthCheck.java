package org.osprey.certificates.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osprey.api.health.HealthCheck;
import org.osprey.api.health.HealthResult;
import org.osprey.api.health.HealthStatus;
import org.osprey.api.plugin.PluginDescription;
import org.osprey.api.security.CertificateInfo;
import org.osprey.api.security.CertificateService;

/**
 * SEC-10: warns before the server certificate or the certificate authority expires, and is critical once
 * one has expired or when the authority could not be opened at all.
 */
@Component(configurationPid = CertificateAuthorityService.PID)
public class CertificateHealthCheck implements HealthCheck {

    static final String ID = "osprey.health.certificates";

    private final Clock clock;
    private final int warningDays;
    // Optional, so that an authority that fails to open shows up here instead of the check vanishing.
    private final AtomicReference<CertificateService> certificates = new AtomicReference<>();

    @Activate
    public CertificateHealthCheck(CertificateAuthorityService.Config config) {
        this(config.expiryWarningDays(), Clock.systemUTC());
    }

    CertificateHealthCheck(int warningDays, Clock clock) {
        this.warningDays = Math.max(1, warningDays);
        this.clock = clock;
    }

    @Reference(name = "certificates", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCertificates(CertificateService service) {
        certificates.set(service);
    }

    void unbindCertificates(CertificateService service) {
        certificates.compareAndSet(service, null);
    }

    @Override
    public PluginDescription describe() {
        return new PluginDescription(ID, "Certificates",
                "Expiry of the server's HTTPS certificate and of its certificate authority.", null);
    }

    @Override
    public HealthResult check() {
        CertificateService service = certificates.get();
        if (service == null) {
            return new HealthResult(ID, HealthStatus.CRITICAL,
                    "The certificate authority is not available; the server log tells why");
        }
        return evaluate(service.serverCertificate(), service.authority());
    }

    HealthResult evaluate(CertificateInfo server, CertificateInfo authority) {
        Instant now = clock.instant();
        HealthStatus status = HealthStatus.OK;
        List<String> problems = new ArrayList<>();
        for (Named certificate : List.of(new Named("Server certificate", server),
                new Named("Certificate authority", authority))) {
            Instant end = certificate.info().notAfter();
            if (!end.isAfter(now)) {
                status = status.worst(HealthStatus.CRITICAL);
                problems.add(certificate.label() + " has expired on " + date(end));
            } else if (end.isBefore(now.plus(Duration.ofDays(warningDays)))) {
                status = status.worst(HealthStatus.WARNING);
                long days = Duration.between(now, end).toDays();
                problems.add(certificate.label() + " is about to expire: " + date(end) + ", in " + days
                        + (days == 1 ? " day" : " days"));
            }
        }
        String message = problems.isEmpty()
                ? "Server certificate valid until " + date(server.notAfter()) + ", certificate authority until "
                        + date(authority.notAfter())
                : String.join("; ", problems);
        return new HealthResult(ID, status, message);
    }

    private static LocalDate date(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    private record Named(String label, CertificateInfo info) {
    }
}
