package org.osprey.certificates.internal;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.util.IPAddress;

/**
 * The names clients use to reach the server, which its certificate must cover.
 *
 * @param dnsNames    host names, lower case, in configured order
 * @param ipAddresses IP addresses in {@link java.net.InetAddress#getHostAddress()} form
 */
record ServerNames(List<String> dnsNames, List<String> ipAddresses) {

    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    ServerNames {
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
            throw new IllegalArgumentException("The server certificate needs at least one host name or IP address");
        }
    }

    /**
     * Reads the comma-separated configuration values.
     *
     * @throws IllegalArgumentException naming the first value that is not a host name or IP address
     */
    static ServerNames parse(String hostNames, String ipAddresses) {
        Set<String> dns = new LinkedHashSet<>();
        for (String name : split(hostNames)) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.length() > 253 || !DNS_NAME.matcher(lower).matches()) {
                throw new IllegalArgumentException("hostNames: '" + name + "' is not a DNS name");
            }
            dns.add(lower);
        }
        Set<String> ips = new LinkedHashSet<>();
        for (String address : split(ipAddresses)) {
            if (!IPAddress.isValid(address)) {
                throw new IllegalArgumentException("ipAddresses: '" + address + "' is not an IP address");
            }
            ips.add(Certificates.normalizeIp(address));
        }
        return new ServerNames(new ArrayList<>(dns), new ArrayList<>(ips));
    }

    private static List<String> split(String value) {
        List<String> parts = new ArrayList<>();
        for (String part : (value == null ? "" : value).split(",")) {
            if (!part.isBlank()) {
                parts.add(part.strip());
            }
        }
        return parts;
    }

    /** The subject's common name: the first host name, else the first address. */
    String commonName() {
        return dnsNames.isEmpty() ? ipAddresses.get(0) : dnsNames.get(0);
    }

    /** Whether the certificate covers exactly these names, no more and no fewer. */
    boolean matches(X509Certificate certificate) {
        Set<String> wanted = new HashSet<>(dnsNames);
        wanted.addAll(ipAddresses);
        return wanted.equals(new HashSet<>(Certificates.subjectAltNames(certificate)));
    }

    GeneralNames toGeneralNames() {
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
        ipAddresses.forEach(a -> names.add(new GeneralName(GeneralName.iPAddress, a)));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }
}
