package org.telprov.support.problem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProblemJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void extensionMembersAreWrittenAsMembersOfTheProblemItself() throws Exception {
        Problem problem = Problem.of(422, "unresolved_settings", "Unprocessable", "2 devices")
                .with("devices", List.of(Map.of("mac", "001122334455"))).with("total", 2);

        JsonNode json = JSON.readTree(JSON.writeValueAsString(problem));

        assertThat(json.get("code").asText()).isEqualTo("unresolved_settings");
        assertThat(json.get("total").asInt()).isEqualTo(2);
        assertThat(json.get("devices").get(0).get("mac").asText()).isEqualTo("001122334455");
        assertThat(json.has("extensions")).isFalse();
    }

    @Test
    void aProblemWithoutExtensionsHasOnlyTheStandardMembers() throws Exception {
        JsonNode json = JSON.readTree(JSON.writeValueAsString(
                Problem.of(404, "not_found", "Not found", "x").withErrors(List.of())));

        assertThat(json.fieldNames()).toIterable().containsExactlyInAnyOrder("type", "title", "status", "detail", "code");
    }

    @Test
    void anExtensionCannotShadowAStandardMember() {
        assertThatThrownBy(() -> Problem.of(400, "x", "y", "z").with("status", 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
