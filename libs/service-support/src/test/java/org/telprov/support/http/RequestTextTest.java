package org.telprov.support.http;

import org.junit.jupiter.api.Test;
import org.telprov.support.problem.Problem;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RequestTextTest {

    @Test
    void cleanPathsAndQueriesPass() {
        assertThat(RequestText.firstError("/api/v1/profiles/office/releases/2026-11-23_18:00:00", "tenant=acme&page=1"))
                .isEmpty();
        assertThat(RequestText.firstError("/api/v1/profiles/b%C3%BCro", "label=caf%C3%A9+au+lait&flag")).isEmpty();
        assertThat(RequestText.firstError("/prov/901b0e56c7bc/..%2f..%2fetc", null)).isEmpty();
        assertThat(RequestText.firstError("/api/v1/firmware/artifacts", "releaseNotes=Fixes%0d%0aline+two%09x")).isEmpty();
        assertThat(RequestText.firstError("/api/v1/profiles/a%0ab", null)).isPresent();
    }

    @Test
    void aNulInAPathSegmentIsNamedAsThePath() {
        assertThat(RequestText.firstError("/prov/901b0e56c7bc/custom/%00/ca.pem", null).map(Problem.FieldError::field))
                .contains("path");
    }

    @Test
    void aControlCharacterInAQueryValueNamesTheParameter() {
        Optional<Problem.FieldError> error = RequestText.firstError("/api/v1/devices", "page=0&model=mx%07bell");

        assertThat(error.map(Problem.FieldError::field)).contains("model");
        assertThat(error.map(Problem.FieldError::message)).contains("model contains a control character");
    }

    @Test
    void invalidPercentEncodingAndInvalidUtf8AreRefused() {
        assertThat(RequestText.firstError("/api/v1/profiles/%ff", null)).isPresent();
        assertThat(RequestText.firstError("/api/v1/profiles/%zz", null)).isPresent();
        assertThat(RequestText.firstError("/api/v1/profiles/abc%2", null)).isPresent();
        assertThat(RequestText.firstError("/api/v1/devices", "model=%C3").map(Problem.FieldError::message))
                .contains("model is not valid UTF-8");
        assertThat(RequestText.firstError("/api/v1/devices", "mo%00del=x").map(Problem.FieldError::field))
                .contains("query");
    }
}
