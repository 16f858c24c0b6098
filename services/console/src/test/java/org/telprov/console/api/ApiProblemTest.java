package org.telprov.console.api;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApiProblemTest {

    @Test
    void eachFieldsMessagesGoToItsControlAndAnIndexedFieldCountsForItsList() {
        ApiProblem problem = new ApiProblem(400, new ApiProblem.Body("Bad Request", 400, "2 invalid fields",
                "validation_failed", List.of(new ApiProblem.FieldError("mac", "not a MAC address"),
                new ApiProblem.FieldError("labels[1]", "too long"), new ApiProblem.FieldError("labels[3]", "blank"),
                new ApiProblem.FieldError(null, "ignored"))));

        assertThat(problem.fieldMessages()).isEqualTo(Map.of("mac", "not a MAC address", "labels", "too long; blank"));
        assertThat(problem.message()).isEqualTo("2 invalid fields");
    }

    @Test
    void anAnswerWithoutAProblemBodyStillReadsAsASentence() {
        assertThat(new ApiProblem(502, null).message()).isEqualTo("The service answered 502.");
        assertThat(new ApiProblem(502, null).fieldMessages()).isEmpty();
        assertThat(new ApiProblem(401, null).message()).isEqualTo("Your session has ended; log in again.");
        assertThat(new ApiProblem(403, new ApiProblem.Body("Forbidden", 403,
                "your role does not allow this operation", "forbidden", null)).message())
                .isEqualTo("Not allowed: your role does not allow this operation");
    }
}
