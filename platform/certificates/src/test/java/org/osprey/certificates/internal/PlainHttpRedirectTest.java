package org.osprey.certificates.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.lang.annotation.Annotation;
import javax.servlet.FilterChain;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

class PlainHttpRedirectTest {

    private static PlainHttpRedirect.Config config(boolean https, boolean loopbackAllowed) {
        return new PlainHttpRedirect.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return PlainHttpRedirect.Config.class;
            }

            @Override
            public boolean enableHttps() {
                return https;
            }

            @Override
            public boolean allowPlainHttpOnLoopback() {
                return loopbackAllowed;
            }

            @Override
            public int httpsPort() {
                return 29204;
            }
        };
    }

    private static HttpServletRequest request(boolean secure, String remote) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.isSecure()).thenReturn(secure);
        when(request.getRemoteAddr()).thenReturn(remote);
        when(request.getServerName()).thenReturn("vms.example");
        when(request.getRequestURI()).thenReturn("/api/v1/devices");
        when(request.getQueryString()).thenReturn("x=1");
        return request;
    }

    @Test
    void plainRequestsAreRedirectedKeepingPathAndQuery() throws Exception {
        HttpServletResponse response = mock(HttpServletResponse.class);
        FilterChain chain = mock(FilterChain.class);
        HttpServletRequest request = request(false, "127.0.0.1");
        new PlainHttpRedirect(config(true, false)).doFilter(request, response, chain);
        verify(response).setStatus(308);
        verify(response).setHeader("Location", "https://vms.example:29204/api/v1/devices?x=1");
        verify(chain, never()).doFilter(request, response);
    }

    @Test
    void secureRequestsAndAllowedLoopbackPassButNotRemoteOnes() throws Exception {
        FilterChain chain = mock(FilterChain.class);
        HttpServletRequest secure = request(true, "192.0.2.7");
        HttpServletResponse response = mock(HttpServletResponse.class);
        new PlainHttpRedirect(config(true, false)).doFilter(secure, response, chain);
        verify(chain).doFilter(secure, response);

        HttpServletRequest local = request(false, "::1");
        new PlainHttpRedirect(config(true, true)).doFilter(local, response, chain);
        verify(chain).doFilter(local, response);

        HttpServletRequest remote = request(false, "192.0.2.7");
        HttpServletResponse remoteResponse = mock(HttpServletResponse.class);
        new PlainHttpRedirect(config(true, true)).doFilter(remote, remoteResponse, chain);
        verify(remoteResponse).setStatus(308);
        assertThat(PlainHttpRedirect.isLoopback("127.0.0.2")).isTrue();
        assertThat(PlainHttpRedirect.isLoopback("10.0.0.1")).isFalse();
    }
}
