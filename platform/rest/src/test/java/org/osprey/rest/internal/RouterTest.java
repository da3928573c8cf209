package org.osprey.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RouterTest {

    private final Router router = new Router()
            .add("GET", "/devices", Router.Access.PUBLIC, r -> "list")
            .add("GET", "/devices/{id}", Router.Access.PUBLIC, r -> "one")
            .add("DELETE", "/devices/{id}", Router.Access.PUBLIC, r -> "gone")
            .add("GET", "/devices/{id}/status", Router.Access.PUBLIC, r -> "status");

    @Test
    void templatesMatchWholeSegmentsAndCaptureParameters() {
        Router.Match match = router.match("GET", "/devices/abc-1/status");
        assertThat(match.route().template()).isEqualTo("/devices/{id}/status");
        assertThat(match.parameters()).containsEntry("id", "abc-1");
        assertThat(router.match("GET", "/devices").route().template()).isEqualTo("/devices");
    }

    @Test
    void unknownPathsAre404AndWrongMethods405WithTheAllowedOnes() {
        assertThatThrownBy(() -> router.match("GET", "/devices/a/b/c"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status).isEqualTo(404));
        assertThatThrownBy(() -> router.match("GET", "/devices/../system"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status).isEqualTo(404));
        assertThatThrownBy(() -> router.match("PUT", "/devices/x"))
                .isInstanceOfSatisfying(Router.MethodNotAllowed.class,
                        e -> assertThat(e.allowed).containsExactly("DELETE", "GET"));
    }
}
