// The text normaliser for speech, checked against tables of what a Vietnamese (and an English) speaker says.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "mc/core/speech_text.hpp"

namespace {

const mc::SpeechNormalizer& normalizer() {
  static const mc::SpeechNormalizer instance = mc::SpeechNormalizer::load(std::string(MC_TEST_ASSETS_DIR) + "/voice");
  return instance;
}

struct Row {
  const char* written;
  const char* spoken;
};

void check_table(const std::vector<Row>& rows, mc::Lang lang) {
  for (const Row& row : rows) {
    INFO("written: " << row.written);
    CHECK(normalizer().normalize(row.written, lang) == row.spoken);
  }
}

}  // namespace

TEST_CASE("Vietnamese numbers: mười/mươi, mốt, tư, lăm, linh, nghìn/triệu/tỷ", "[speech_text]") {
  const std::vector<std::pair<int64_t, const char*>> table = {
      {0, "không"},
      {1, "một"},
      {5, "năm"},
      {10, "mười"},
      {11, "mười một"},
      {14, "mười bốn"},
      {15, "mười lăm"},
      {20, "hai mươi"},
      {21, "hai mươi mốt"},
      {24, "hai mươi tư"},
      {25, "hai mươi lăm"},
      {27, "hai mươi bảy"},
      {55, "năm mươi lăm"},
      {91, "chín mươi mốt"},
      {100, "một trăm"},
      {101, "một trăm linh một"},
      {105, "một trăm linh năm"},
      {110, "một trăm mười"},
      {115, "một trăm mười lăm"},
      {121, "một trăm hai mươi mốt"},
      {1000, "một nghìn"},
      {1001, "một nghìn không trăm linh một"},
      {1010, "một nghìn không trăm mười"},
      {1015, "một nghìn không trăm mười lăm"},
      {1100, "một nghìn một trăm"},
      {2026, "hai nghìn không trăm hai mươi sáu"},
      {15000, "mười lăm nghìn"},
      {21000, "hai mươi mốt nghìn"},
      {135000, "một trăm ba mươi lăm nghìn"},
      {1000000, "một triệu"},
      {1000005, "một triệu không trăm linh năm"},
      {1005000, "một triệu không trăm linh năm nghìn"},
      {1500000, "một triệu năm trăm nghìn"},
      {2000000000, "hai tỷ"},
      {1005000000, "một tỷ không trăm linh năm triệu"},
      {1000000000000, "một nghìn tỷ"},
      {-5, "âm năm"},
  };
  for (const auto& [number, spoken] : table) {
    INFO(number);
    CHECK(normalizer().cardinal(number, mc::Lang::Vi) == spoken);
  }
}

TEST_CASE("ticket numbers and dossier codes are spelled", "[speech_text]") {
  check_table(
      {
          {"A002", "a không không hai"},
          {"UA003", "u a không không ba"},
          {"B2", "bê hai"},
          {"A100", "a một không không"},
          {"000.00.15.G12-260305-1007",
           "không không không chấm không không chấm mười lăm chấm giê mười hai gạch ngang hai sáu không ba "
           "không năm gạch ngang một không không bảy"},
          {"1.002820", "một chấm không không hai tám hai không"},
          {"TP1", "tê pê một"},
          {"Mời số A002 đến quầy 2", "Mời số a không không hai đến quầy hai"},
      },
      mc::Lang::Vi);
  CHECK(normalizer().code("A002", mc::Lang::Vi) == "a không không hai");
  CHECK(normalizer().code("A002", mc::Lang::En) == "eh zero zero two");
}

TEST_CASE("dates are read with ngày, mồng and the month names", "[speech_text]") {
  check_table(
      {
          {"27/02/2026", "ngày hai mươi bảy tháng hai năm hai nghìn không trăm hai mươi sáu"},
          {"ngày 27/02/2026", "ngày hai mươi bảy tháng hai năm hai nghìn không trăm hai mươi sáu"},
          {"2026-03-05", "ngày mồng năm tháng ba năm hai nghìn không trăm hai mươi sáu"},
          {"02/09/1945", "ngày mồng hai tháng chín năm một nghìn chín trăm bốn mươi lăm"},
          {"15/4/2025", "ngày mười lăm tháng tư năm hai nghìn không trăm hai mươi lăm"},
          {"ngày 27/2", "ngày hai mươi bảy tháng hai"},
          {"ngày 05 tháng 04 năm 2026", "ngày mồng năm tháng tư năm hai nghìn không trăm hai mươi sáu"},
          {"tháng 12/2020", "tháng mười hai năm hai nghìn không trăm hai mươi"},
          {"31/02/2026", "ba mươi mốt trên không hai trên hai không hai sáu"},
      },
      mc::Lang::Vi);
  CHECK(normalizer().date(mc::Date{2026, 2, 27}, mc::Lang::Vi) ==
        "ngày hai mươi bảy tháng hai năm hai nghìn không trăm hai mươi sáu");
  CHECK(normalizer().date(mc::Date{2026, 2, 27}, mc::Lang::En) == "February twenty-seventh, two thousand twenty-six");
}

TEST_CASE("times are read in giờ and phút", "[speech_text]") {
  check_table(
      {
          {"09:30", "chín giờ ba mươi phút"},
          {"9h30", "chín giờ ba mươi phút"},
          {"14:05", "mười bốn giờ năm phút"},
          {"16:00", "mười sáu giờ"},
          {"10 giờ 05 phút", "mười giờ năm phút"},
      },
      mc::Lang::Vi);
  check_table({{"09:30", "nine thirty a m"}, {"14:05", "two oh five p m"}, {"12:00", "twelve p m"}}, mc::Lang::En);
}

TEST_CASE("money is read in đồng", "[speech_text]") {
  check_table(
      {
          {"135.000 ₫", "một trăm ba mươi lăm nghìn đồng"},
          {"135.000đ", "một trăm ba mươi lăm nghìn đồng"},
          {"Lệ phí: 135000 VND.", "Lệ phí, một trăm ba mươi lăm nghìn đồng."},
          {"1.500.000 đồng", "một triệu năm trăm nghìn đồng"},
          {"50.000₫", "năm mươi nghìn đồng"},
      },
      mc::Lang::Vi);
  check_table({{"135,000 ₫", "one hundred thirty-five thousand dong"}}, mc::Lang::En);
  CHECK(normalizer().money(135000, mc::Lang::Vi) == "một trăm ba mươi lăm nghìn đồng");
}

TEST_CASE("phone numbers are read digit by digit in their groups", "[speech_text]") {
  check_table(
      {
          {"0912345678", "không chín một hai, ba bốn năm, sáu bảy tám"},
          {"0912 345 678", "không chín một hai, ba bốn năm, sáu bảy tám"},
          {"024.3942.3456", "không hai bốn, ba chín bốn hai, ba bốn năm sáu"},
          {"+84 912 345 678", "cộng tám bốn, chín một hai, ba bốn năm, sáu bảy tám"},
          {"Gọi 02439423456.", "Gọi không hai bốn, ba chín bốn hai, ba bốn năm sáu."},
          {"001099012345", "không không một, không chín chín, không một hai, ba bốn năm"},
      },
      mc::Lang::Vi);
}

TEST_CASE("numbers in sentences: leading zeros, decimals, percent, steps, ordinals", "[speech_text]") {
  check_table(
      {
          {"5 ngày làm việc", "năm ngày làm việc"},
          {"thời hạn tối đa 03 năm", "thời hạn tối đa ba năm"},
          {"Bước 1/3", "Bước một trên ba"},
          {"3,5 tấn", "ba phẩy năm tấn"},
          {"50%", "năm mươi phần trăm"},
          {"thứ 2", "thứ hai"},
          {"thứ 1", "thứ nhất"},
          {"thứ 4", "thứ tư"},
          {"tàu từ 100 GT trở lên", "tàu từ một trăm giê tê trở lên"},
      },
      mc::Lang::Vi);
}

TEST_CASE("abbreviations in procedure names and legal references are expanded", "[speech_text]") {
  check_table(
      {
          {"Đổi GPLX", "Đổi giấy phép lái xe"},
          {"Cấp lại GCN khả năng chuyên môn", "Cấp lại giấy chứng nhận khả năng chuyên môn"},
          {"Số định danh cá nhân (CCCD)", "Số định danh cá nhân, căn cước công dân"},
          {"Giấy phép lái xe (vật liệu PET)", "Giấy phép lái xe, vật liệu pét"},
          {"Chuyển đổi nhiên liệu (CNG/LPG)", "Chuyển đổi nhiên liệu, xê en nờ giê hoặc e lờ pê giê"},
          {"Nghị định số 10/2020/NĐ-CP", "Nghị định số mười năm hai nghìn không trăm hai mươi nghị định chính phủ"},
          {"Thông tư số 12/2017/TT-BGTVT",
           "Thông tư số mười hai năm hai nghìn không trăm mười bảy thông tư bộ giao thông vận tải"},
          {"Hà Nội – TP. Hồ Chí Minh", "Hà Nội, thành phố Hồ Chí Minh"},
          {"Số IMO", "Số i mô"},
          {"Nam/Nữ", "Nam hoặc Nữ"},
      },
      mc::Lang::Vi);
  check_table({{"Personal ID number", "Personal I D number"}, {"HCMC line 1", "Ho Chi Minh City line one"}},
              mc::Lang::En);
}

TEST_CASE("headings in capitals are read as words, not spelled", "[speech_text]") {
  check_table(
      {
          {"MỜI CÔNG DÂN CÓ SỐ", "mời công dân có số"},
          {"SỐ ƯU TIÊN", "số ưu tiên"},
          {"Hạng A1, B2 và CCCD", "Hạng a một, bê hai và căn cước công dân"},
          {"Quét mã QR trên phiếu hẹn.", "Quét mã kiu a trên phiếu hẹn."},
      },
      mc::Lang::Vi);
}

TEST_CASE("punctuation becomes pauses and quotes disappear", "[speech_text]") {
  check_table(
      {
          {"Nếu cần sửa, chạm \"Sửa\" ở phần đó.", "Nếu cần sửa, chạm Sửa ở phần đó."},
          {"Họ và tên *", "Họ và tên"},
          {"‹ Quay lại", "Quay lại"},
          {"Đang in phiếu hẹn…", "Đang in phiếu hẹn."},
          {"Thủ tục · 5 ngày làm việc · 135.000 ₫", "Thủ tục, năm ngày làm việc, một trăm ba mươi lăm nghìn đồng"},
      },
      mc::Lang::Vi);
}

TEST_CASE("English numbers, codes and ordinals", "[speech_text]") {
  const std::vector<std::pair<int64_t, const char*>> table = {
      {0, "zero"},
      {13, "thirteen"},
      {21, "twenty-one"},
      {105, "one hundred five"},
      {135000, "one hundred thirty-five thousand"},
      {2026, "two thousand twenty-six"},
      {1000005, "one million five"},
  };
  for (const auto& [number, spoken] : table) {
    INFO(number);
    CHECK(normalizer().cardinal(number, mc::Lang::En) == spoken);
  }
  check_table({{"Your number is A002.", "Your number is eh zero zero two."},
               {"Step 2/3", "Step two slash three"},
               {"the 22nd", "the twenty-second"},
               {"5 working days", "five working days"}},
              mc::Lang::En);
}

TEST_CASE("a broken voice language file is refused with the file and the key", "[speech_text]") {
  const auto dir = std::filesystem::temp_directory_path() / "mc-test-voice-lexicon";
  std::filesystem::create_directories(dir);
  const std::string source = std::string(MC_TEST_ASSETS_DIR) + "/voice/vi.json";
  std::ifstream in(source);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto replace = [&](const std::string& from, const std::string& to) {
    std::string copy = text;
    copy.replace(copy.find(from), from.size(), to);
    std::ofstream(dir / "vi.json") << copy;
  };
  replace("\"không\", \"một\",", "\"một\",");  // nine digits
  CHECK_THROWS_WITH(mc::SpeechLexicon::load((dir / "vi.json").string()),
                    Catch::Contains("vi.json: $.numbers.digits: must have 10 entries, has 9"));
  replace("\"G\": \"giê\",", "");
  CHECK_THROWS_WITH(mc::SpeechLexicon::load((dir / "vi.json").string()),
                    Catch::Contains("$.letters: no name for the letter G"));
  replace("\"language\": \"vi\"", "\"language\": \"fr\"");
  CHECK_THROWS_WITH(mc::SpeechLexicon::load((dir / "vi.json").string()), Catch::Contains("$.language"));
  std::filesystem::remove_all(dir);
}
