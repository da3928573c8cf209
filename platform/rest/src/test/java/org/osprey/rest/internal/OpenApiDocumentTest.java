package org.osprey.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.osprey.api.device.DeviceRegistry;
import org.osprey.api.plugin.PluginRegistry;
import org.osprey.api.security.AccountService;
import org.osprey.api.security.SessionService;
import org.osprey.api.system.SystemService;

/**
 * The OpenAPI document and the route table describe the same operations, with the same access, no more
 * and no less: the authorisation test of the distribution reads its operations from the document.
 */
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    @Test
    void documentListsExactlyTheRoutesOfTheApi() throws Exception {
        byte[] document = ApiServlet.openApiDocument();
        Router router = new Resources(mock(SystemService.class), mock(DeviceRegistry.class),
                mock(PluginRegistry.class), mock(AccountService.class), mock(SessionService.class),
                Optional::empty, Optional::empty, Optional::empty, Optional::empty).routes(document);

        Set<String> routed = new TreeSet<>();
        router.routes().forEach(r -> routed.add(r.method() + " " + r.template() + " " + r.access().documented()));

        Set<String> documented = new TreeSet<>();
        JsonNode paths = new ObjectMapper().readTree(document).get("paths");
        for (Iterator<String> it = paths.fieldNames(); it.hasNext();) {
            String path = it.next();
            paths.get(path).fieldNames().forEachRemaining(method -> {
                // Operations served by another servlet (media, a plugin's) are not in the route table;
                // SecurityIT still checks them from the document.
                boolean otherServlet = !paths.get(path).path(method).path("x-osprey-servlet").asText().isEmpty();
                if (METHODS.contains(method) && !otherServlet) {
                    documented.add(method.toUpperCase(Locale.ROOT) + " " + path + " "
                            + paths.get(path).get(method).path("x-osprey-access").asText("undeclared"));
                }
            });
        }
        assertThat(documented).isEqualTo(routed);
    }

    @Test
    void everyOperationHasAnIdAndEveryWriteDocumentsItsProblems() throws Exception {
        JsonNode paths = new ObjectMapper().readTree(ApiServlet.openApiDocument()).get("paths");
        paths.forEach(item -> item.fields().forEachRemaining(op -> {
            if (!METHODS.contains(op.getKey())) {
                return;
            }
            assertThat(op.getValue().path("operationId").asText()).isNotBlank();
            if (op.getValue().has("requestBody")) {
                assertThat(op.getValue().get("responses").has("400")).isTrue();
                assertThat(op.getValue().get("responses").has("413")).isTrue();
            }
        }));
    }
}
