package org.kycorchestrator.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.HexFormat;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DocumentFormatTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            # what the file is              | its first bytes (hex)       | recognised as
            a JFIF photo                     | ffd8ffe000104a464946        | JPEG
            an EXIF photo from a phone       | ffd8ffe1                    | JPEG
            a PNG screenshot                 | 89504e470d0a1a0a0000000d    | PNG
            a PDF statement                  | 255044462d312e370a          | PDF
            a Windows program renamed .jpg   | 4d5a90000300000004000000    | none
            a GIF                            | 474946383961                | none
            a ZIP (or a .docx)               | 504b0304                    | none
            a PNG cut off after six bytes    | 89504e470d0a                | none
            a text file saying PDF           | 5044462d312e37              | none
            two bytes of a JPEG              | ffd8                        | none
            nothing at all                   | ''                          | none
            """)
    void aFormatIsToldByTheFilesFirstBytesAlone(final String file, final String head, final String format) throws Exception {
        // given the file's first bytes
        final byte[] bytes = HexFormat.of().parseHex(head);

        // when its format is asked for, from the bytes or from a stream
        final Optional<DocumentFormat> fromBytes = DocumentFormat.of(bytes);
        final Optional<DocumentFormat> fromStream = DocumentFormat.of(new ByteArrayInputStream(bytes));

        // then both tell the same, and only JPG, PNG and PDF are known
        assertThat(fromBytes).isEqualTo(Optional.ofNullable(format).map(DocumentFormat::valueOf));
        assertThat(fromStream).isEqualTo(fromBytes);
    }
}
