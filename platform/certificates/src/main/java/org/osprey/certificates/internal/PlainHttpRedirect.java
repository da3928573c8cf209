package org.osprey.certificates.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * Plain HTTP only redirects to HTTPS, so credentials and video never cross the network in clear. A
 * development switch lets clients on the server's own machine use HTTP.
 */
// Shares the certificate service's configuration, whose Metatype describes both settings read here.
@Component(service = Filter.class, configurationPid = CertificateAuthorityService.PID,
        property = "service.ranking:Integer=1000")
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardFilterName("osprey-https-only")
public class PlainHttpRedirect implements Filter {

    /** The settings of {@link CertificateAuthorityService.Config} this filter reads. */
    public @interface Config {
        boolean enableHttps() default true;

        boolean allowPlainHttpOnLoopback() default false;

        int httpsPort() default 29204;
    }

    private volatile Config config;

    @Activate
    public PlainHttpRedirect(Config config) {
        this.config = config;
    }

    @Modified
    void modified(Config changed) {
        this.config = changed;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        Config settings = config;
        if (request.isSecure() || !settings.enableHttps()
                || (settings.allowPlainHttpOnLoopback() && isLoopback(request.getRemoteAddr()))) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) res;
        String host = request.getServerName();
        String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + settings.httpsPort();
        String target = "https://" + authority + request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        // 308 keeps the method and body, so a POST is not turned into a GET on the way.
        response.setStatus(308);
        response.setHeader("Location", target);
        response.setContentLength(0);
    }

    static boolean isLoopback(String address) {
        try {
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
