package org.osprey.security.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.osprey.api.security.AuthenticationException;
import org.osprey.api.security.SessionService;
import org.osprey.api.security.Subject;

/**
 * Works out who is calling, for every endpoint under {@code /api}: a bearer session token, HTTP Basic or
 * HTTP Digest. A request with credentials that do not hold is answered 401 here (429 while the account is
 * locked); a request without any passes on anonymous, and the endpoint decides whether that is enough.
 * Every 401, from here or from an endpoint, carries the Basic and Digest challenges.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterPattern("/api/*")
@HttpWhiteboardFilterName("osprey-authentication")
public class ApiAuthenticationFilter implements Filter {

    private final AccountServiceImpl accounts;
    private final SessionService sessions;
    private final DigestVerifier digest;

    @Activate
    public ApiAuthenticationFilter(@Reference AccountServiceImpl accounts, @Reference SessionService sessions) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.digest = new DigestVerifier(Clock.systemUTC());
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = new ChallengingResponse((HttpServletResponse) res, digest);
        String header = request.getHeader("Authorization");
        String source = request.getRemoteAddr();
        if (header != null) {
            try {
                request.setAttribute(Subject.REQUEST_ATTRIBUTE, authenticate(header, request, source));
            } catch (AuthenticationException e) {
                refuse(response, e);
                return;
            } catch (StaleNonce e) {
                ((ChallengingResponse) response).stale = true;
                problem(response, 401, "Unauthorized", "The Digest nonce has expired; answer the new challenge");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private Subject authenticate(String header, HttpServletRequest request, String source)
            throws AuthenticationException, StaleNonce {
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        String value = space < 0 ? "" : header.substring(space + 1).trim();
        switch (scheme.toLowerCase(Locale.ROOT)) {
            case "bearer":
                return sessions.resolve(value, source).orElseThrow(
                        () -> new AuthenticationException("The session has ended; log in again", Duration.ZERO));
            case "basic":
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new AuthenticationException("Malformed Basic credentials", Duration.ZERO);
                }
                int colon = decoded.indexOf(':');
                if (colon < 0) {
                    throw new AuthenticationException("Malformed Basic credentials", Duration.ZERO);
                }
                return accounts.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1), source);
            case "digest":
                String uri = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
                DigestVerifier.Result result = digest.verify(value, request.getMethod(), uri, accounts::digestKey);
                switch (result.outcome()) {
                    case VALID:
                        return accounts.subject(result.username(), source).orElseThrow(
                                () -> new AuthenticationException(AccountServiceImpl.INCORRECT, Duration.ZERO));
                    case STALE:
                        throw new StaleNonce();
                    case WRONG:
                        accounts.failedAttempt(result.username(), source, "HTTP Digest");
                        Duration locked = result.username() == null ? Duration.ZERO
                                : accountsLock(result.username());
                        throw new AuthenticationException(AccountServiceImpl.INCORRECT, locked);
                    default:
                        throw new AuthenticationException("Malformed Digest credentials", Duration.ZERO);
                }
            default:
                throw new AuthenticationException("Unsupported authorization scheme " + scheme, Duration.ZERO);
        }
    }

    private Duration accountsLock(String username) {
        return accounts.lockedFor(username);
    }

    private void refuse(HttpServletResponse response, AuthenticationException e) throws IOException {
        if (!e.retryAfter().isZero()) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
            problem(response, 429, "Too many requests", e.getMessage());
        } else {
            problem(response, 401, "Unauthorized", e.getMessage());
        }
    }

    private static void problem(HttpServletResponse response, int status, String title, String detail)
            throws IOException {
        String body = "{\"type\":\"urn:osprey:problem:" + title.toLowerCase(Locale.ROOT).replace(' ', '-')
                + "\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + json(detail)
                + "\",\"errors\":{}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static String json(String text) {
        StringBuilder b = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static final class StaleNonce extends Exception {
        private static final long serialVersionUID = 1L;
    }

    /** Adds the Basic and Digest challenges to every 401, whoever sets it. */
    private static final class ChallengingResponse extends HttpServletResponseWrapper {
        private final DigestVerifier digest;
        boolean stale;

        ChallengingResponse(HttpServletResponse response, DigestVerifier digest) {
            super(response);
            this.digest = digest;
        }

        @Override
        public void setStatus(int sc) {
            super.setStatus(sc);
            challenge(sc);
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            challenge(sc);
            super.sendError(sc, msg);
        }

        @Override
        public void sendError(int sc) throws IOException {
            challenge(sc);
            super.sendError(sc);
        }

        private void challenge(int status) {
            if (status != 401 || containsHeader("WWW-Authenticate")) {
                return;
            }
            List<String> challenges = digest.challenges(stale);
            challenges.forEach(c -> addHeader("WWW-Authenticate", c));
            addHeader("WWW-Authenticate", "Basic realm=\"" + AccountServiceImpl.REALM + "\", charset=\"UTF-8\"");
        }
    }
}
