package org.osprey.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a method and a path below {@code /api/v1} to a handler. Templates use {@code {name}} for one
 * path segment; the route table is also what the OpenAPI document is checked against.
 */
final class Router {

    /** A route's work: returns the answer body, or {@link Response} for another status. */
    @FunctionalInterface
    interface Handler {
        Object handle(ApiRequest request) throws Exception;
    }

    /** An answer with a status other than 200. */
    record Response(int status, Object body) {
    }

    /**
     * Who may call a route; documented per operation as {@code x-osprey-access} in the OpenAPI document.
     * {@link #CAMERA} routes address one camera by the path parameter {@code id} and need access to it;
     * {@link #PLAYBACK} routes need the right to its recordings too, {@link #MANUAL_RECORDING} the right
     * to record it by hand.
     */
    enum Access {
        PUBLIC, AUTHENTICATED, CAMERA, PLAYBACK, MANUAL_RECORDING, ADMINISTRATOR;

        String documented() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    record Route(String method, String template, Access access, Pattern pattern, List<String> names,
            Handler handler) {
    }

    record Match(Route route, Map<String, String> parameters) {
    }

    private static final Pattern PARAMETER = Pattern.compile("\\{([a-zA-Z]+)}");

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String template, Access access, Handler handler) {
        List<String> names = new ArrayList<>();
        Matcher m = PARAMETER.matcher(template);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        routes.add(new Route(method, template, access, Pattern.compile(regex.toString()), names, handler));
        return this;
    }

    List<Route> routes() {
        return List.copyOf(routes);
    }

    /**
     * The route for a request.
     *
     * @throws ApiException 404 when no template matches the path, 405 when none allows the method
     */
    Match match(String method, String path) {
        Set<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Matcher m = route.pattern().matcher(path);
            if (m.matches()) {
                if (route.method().equals(method)) {
                    Map<String, String> parameters = new LinkedHashMap<>();
                    for (int i = 0; i < route.names().size(); i++) {
                        parameters.put(route.names().get(i), m.group(i + 1));
                    }
                    return new Match(route, parameters);
                }
                allowed.add(route.method());
            }
        }
        if (allowed.isEmpty()) {
            throw ApiException.notFound("No resource at " + path);
        }
        throw new MethodNotAllowed(allowed);
    }

    /** 405 with the methods the path does allow. */
    static final class MethodNotAllowed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final Set<String> allowed;

        MethodNotAllowed(Set<String> allowed) {
            super("Allowed: " + allowed);
            this.allowed = allowed;
        }
    }
}
