// GBK / GB18030 input: a GBK copy of the sanshe CSV (made here with the C library's iconv) reads and
// scores exactly like the UTF-8 original; undecodable bytes name line and column.
#include <boost/test/unit_test.hpp>

#include <civiscore/engine.hpp>
#include <civiscore/error.hpp>
#include <civiscore/io/csv.hpp>
#include <civiscore/io/encoding.hpp>
#include <civiscore/model.hpp>

#include <iconv.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

using namespace civiscore;

namespace {

std::string file_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// UTF-8 -> `to` with iconv: the test's own encoder, independent of the reader's decoder direction.
std::string encode(const std::string& utf8, const char* to) {
    iconv_t cd = iconv_open(to, "UTF-8");
    BOOST_REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
    std::string out(utf8.size() * 2 + 16, '\0');
    char* in = const_cast<char*>(utf8.data());
    std::size_t in_left = utf8.size(), out_left = out.size();
    char* dst = out.data();
    BOOST_REQUIRE(iconv(cd, &in, &in_left, &dst, &out_left) != static_cast<std::size_t>(-1));
    iconv_close(cd);
    out.resize(out.size() - out_left);
    return out;
}

const std::string sanshe = std::string(CIVISCORE_SOURCE_DIR) + "/examples/sanshe/";

}  // namespace

BOOST_AUTO_TEST_SUITE(encoding)

BOOST_AUTO_TEST_CASE(names) {
    BOOST_TEST((parse_encoding("UTF-8") == text_encoding::utf8));
    BOOST_TEST((parse_encoding("utf8") == text_encoding::utf8));
    BOOST_TEST((parse_encoding("GBK") == text_encoding::gbk));
    BOOST_TEST((parse_encoding("cp936") == text_encoding::gbk));
    BOOST_TEST((parse_encoding("gb18030") == text_encoding::gb18030));
    BOOST_CHECK_THROW((void)parse_encoding("latin1"), invalid_argument_error);
}

BOOST_AUTO_TEST_CASE(known_characters) {
    // 社区 is C9 E7 C7 F8 in GBK (GB 2312 rows 41/71 and 39/88), E7 A4 BE E5 8C BA in UTF-8.
    BOOST_TEST(to_utf8("\xC9\xE7\xC7\xF8", text_encoding::gbk, "t") == "\xE7\xA4\xBE\xE5\x8C\xBA");
    BOOST_TEST(to_utf8("\xC9\xE7\xC7\xF8", text_encoding::gb18030, "t") == "\xE7\xA4\xBE\xE5\x8C\xBA");
    // GB18030's four-byte form reaches beyond GBK: 0x81 0x30 0x81 0x30 is U+0080.
    BOOST_TEST(to_utf8("\x81\x30\x81\x30", text_encoding::gb18030, "t") == "\xC2\x80");
    // A UTF-8 BOM means UTF-8 whatever was asked.
    BOOST_TEST(to_utf8("\xEF\xBB\xBFunit_id", text_encoding::gbk, "t") == "\xEF\xBB\xBFunit_id");
}

BOOST_AUTO_TEST_CASE(gbk_sanshe_scores_identically) {
    const std::string utf8 = file_text(sanshe + "communities.csv");
    for (const char* enc : {"GBK", "GB18030"}) {
        const std::string bytes = encode(utf8, enc);
        BOOST_TEST(bytes != utf8);  // the file really has Chinese text to transcode
        csv_options o;
        o.encoding = std::strcmp(enc, "GBK") == 0 ? text_encoding::gbk : text_encoding::gb18030;
        const dataset a = parse_csv(utf8, csv_options{}, "utf8.csv");
        const dataset b = parse_csv(bytes, o, "gbk.csv");
        BOOST_TEST(a.unit_ids == b.unit_ids);
        BOOST_TEST(a.unit_lines == b.unit_lines);
        BOOST_REQUIRE_EQUAL(a.columns.size(), b.columns.size());
        for (std::size_t j = 0; j < a.columns.size(); ++j) {
            BOOST_TEST(a.columns[j].id == b.columns[j].id);
            BOOST_TEST(a.columns[j].text == b.columns[j].text);  // 泰坊社区, 建邺区 ... back in UTF-8
            BOOST_TEST(a.columns[j].values.size() == b.columns[j].values.size());
            BOOST_TEST(std::memcmp(a.columns[j].values.data(), b.columns[j].values.data(),
                                   a.columns[j].values.size() * sizeof(double)) == 0);
        }
        const auto m = load_model_file(sanshe + "model.json");
        const result ra = score(m, a, 1), rb = score(m, b, 1);
        BOOST_TEST(ra.unit_ids == rb.unit_ids);
        BOOST_TEST(ra.rank == rb.rank);
        BOOST_TEST(ra.grade == rb.grade);
        BOOST_TEST(std::memcmp(ra.scores.data(), rb.scores.data(), ra.scores.size() * sizeof(double)) == 0);
    }
}

BOOST_AUTO_TEST_CASE(undecodable_bytes_name_line_and_column) {
    // Line 3, after "u2,北京," (6 characters): 0xFF is no GBK lead byte.
    const std::string text = "unit_id,name\r\nu1,x\r\nu2,\xB1\xB1\xBE\xA9,\xFF\xFE\r\n";
    csv_options o;
    o.encoding = text_encoding::gbk;
    try {
        (void)parse_csv(text, o, "bad.csv");
        BOOST_FAIL("expected a data_error");
    } catch (const data_error& e) {
        BOOST_TEST(std::string(e.what()).find("bad.csv:3:7: bytes 0xFF 0xFE are not valid gbk") != std::string::npos,
                   e.what());
    }
    // A file cut inside a two-byte character.
    try {
        (void)parse_csv(std::string("unit_id\nu\xB1"), o, "cut.csv");
        BOOST_FAIL("expected a data_error");
    } catch (const data_error& e) {
        BOOST_TEST(std::string(e.what()).find("cut.csv:2:2: the file ends inside a gbk character") != std::string::npos,
                   e.what());
    }
    // GBK bytes read as UTF-8 (the default) are refused, with a hint at the encoding option.
    try {
        (void)parse_csv(std::string("unit_id,name\nu,\xB1\xB1\n"), csv_options{}, "g.csv");
        BOOST_FAIL("expected a data_error");
    } catch (const data_error& e) {
        BOOST_TEST(std::string(e.what()).find("g.csv:2:3: invalid UTF-8 (byte 0xB1)") != std::string::npos, e.what());
        BOOST_TEST(std::string(e.what()).find("gbk") != std::string::npos, e.what());
    }
}

BOOST_AUTO_TEST_SUITE_END()
