package org.telprov.firmware.download;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ByteRangeTest {

    @Test
    void singleRangesAreParsedAndClipped() {
        assertThat(ByteRange.parse("bytes=0-0", 10)).isEqualTo(new ByteRange.Partial(new ByteRange(0, 0)));
        assertThat(ByteRange.parse("bytes=-3", 10)).isEqualTo(new ByteRange.Partial(new ByteRange(7, 9)));
        assertThat(ByteRange.parse("bytes=-30", 10)).isEqualTo(new ByteRange.Partial(new ByteRange(0, 9)));
        assertThat(ByteRange.parse("bytes=4-", 10)).isEqualTo(new ByteRange.Partial(new ByteRange(4, 9)));
        assertThat(ByteRange.parse("bytes=4-400", 10)).isEqualTo(new ByteRange.Partial(new ByteRange(4, 9)));
    }

    @Test
    void unsatisfiableAndUnusableHeaders() {
        assertThat(ByteRange.parse("bytes=10-", 10)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=-0", 10)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse(null, 10)).isInstanceOf(ByteRange.Whole.class);
        assertThat(ByteRange.parse("bytes=5-4", 10)).isInstanceOf(ByteRange.Whole.class);
        assertThat(ByteRange.parse("bytes=0-1,3-4", 10)).isInstanceOf(ByteRange.Whole.class);
        assertThat(ByteRange.parse("items=0-1", 10)).isInstanceOf(ByteRange.Whole.class);
        assertThat(ByteRange.parse("bytes=-", 10)).isInstanceOf(ByteRange.Whole.class);
        assertThat(ByteRange.parse("bytes=99999999999999999999-", 10)).isInstanceOf(ByteRange.Whole.class);
    }
}
