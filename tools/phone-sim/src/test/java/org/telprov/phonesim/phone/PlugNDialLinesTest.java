package org.telprov.phonesim.phone;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlugNDialLinesTest {

    @Test
    void keyValueLinesAreReadLikeTheVendorsExample() {
        assertThat(PlugNDialPhone.parse(
                "Image_file=\"some_file_format.bin\"\r\nProm_file=\"some_other_format.blah\"\n# note\n\nbare = x y \n"))
                .containsExactly(Map.entry("Image_file", "some_file_format.bin"),
                        Map.entry("Prom_file", "some_other_format.blah"), Map.entry("bare", "x y"));
    }
}
