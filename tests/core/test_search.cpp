#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "mc/core/catalog.hpp"
#include "mc/core/search.hpp"

namespace {

const std::string kAssetsCatalog = std::string(MC_TEST_ASSETS_DIR) + "/catalog";

const mc::Catalog& shipped_catalog() {
  static const mc::Catalog catalog = [] {
    std::vector<mc::CatalogIssue> issues;
    return mc::Catalog::load_dir(kAssetsCatalog, issues);
  }();
  return catalog;
}

mc::Procedure procedure(const std::string& code, const std::string& name_vi, const std::string& name_en = "",
                        std::vector<std::string> keywords = {}) {
  mc::Procedure p;
  p.code = code;
  p.name = {name_vi, name_en};
  p.field_code = "DB";
  p.field_name = {"Đường bộ", "Roads"};
  p.agency_name = {"Cục Đường bộ Việt Nam", "Vietnam Road Administration"};
  p.keywords = std::move(keywords);
  return p;
}

std::vector<std::string> codes(const std::vector<mc::SearchHit>& hits) {
  std::vector<std::string> out;
  for (const auto& hit : hits) out.push_back(hit.procedure->code);
  return out;
}

}  // namespace

TEST_CASE("search finds the expected procedure first in the shipped catalog", "[search]") {
  const mc::Catalog& catalog = shipped_catalog();
  REQUIRE(catalog.size() >= 12);
  mc::SearchIndex index(catalog);
  struct Case {
    const char* query;
    const char* first_code;
  };
  const Case cases[] = {
      {"1.002820", "1.002820"},                  // exact code
      {"1002820", "1.002820"},                   // code typed without the dot
      {"cấp lại giấy phép lái xe", "1.002820"},  // exact name
      {"CAP LAI GIAY PHEP LAI XE", "1.002820"},  // no diacritics, upper case
      {"gplx", "1.002820"},                      // keyword (shortest name wins the tie)
      {"bang lai", "1.002820"},                  // keyword without diacritics
      {"đổi bằng lái", "1.002809"},              // keyword with diacritics
      {"doi giay phep", "1.002809"},             // words of the name, without diacritics
      {"dang ky tau bien", "1.000542"},
      {"Đăng ký phương tiện", "1.003907"},
      {"dang kiem", "1.000972"},  // keyword
      {"thuyen vien", "1.001112"},
      {"lai tau", "1.002018"},
      {"international driving permit", "1.001777"},  // English name
      {"seafarer", "1.001112"},
      {"kiem dinh xe", "1.000972"},
      {"phu hieu", "1.002856"},
      {"the an ninh hang khong", "1.001421"},
      {"xe cai tao", "2.001260"},
      {"2.000398", "2.000398"},
  };
  for (const auto& c : cases) {
    auto hits = index.search(c.query);
    INFO("query: " << c.query);
    REQUIRE_FALSE(hits.empty());
    CHECK(hits.front().procedure->code == c.first_code);
    for (size_t i = 1; i < hits.size(); ++i) CHECK(hits[i - 1].score >= hits[i].score);
  }
}

TEST_CASE("search folds case and Vietnamese diacritics, đ matches d", "[search]") {
  mc::Catalog catalog;
  catalog.add(procedure("1.000001", "Đăng ký phương tiện thủy nội địa"));
  catalog.add(procedure("1.000002", "Cấp giấy phép lái tàu"));
  mc::SearchIndex index(catalog);
  CHECK(codes(index.search("dang ky")) == std::vector<std::string>{"1.000001"});
  CHECK(codes(index.search("ĐĂNG KÝ")) == std::vector<std::string>{"1.000001"});
  CHECK(codes(index.search("đang ky")) == std::vector<std::string>{"1.000001"});
  CHECK(codes(index.search("Dang  Ky,")) == std::vector<std::string>{"1.000001"});
  CHECK(codes(index.search("thuy noi dia")) == std::vector<std::string>{"1.000001"});
  CHECK(codes(index.search("Ca\xCC\x82\xCC\x81p")) == std::vector<std::string>{"1.000002"});  // decomposed "Cấp"
  CHECK(codes(index.search("lai tau")) == std::vector<std::string>{"1.000002"});
}

TEST_CASE("search words are ANDed and match word prefixes", "[search]") {
  mc::Catalog catalog;
  catalog.add(procedure("1.000001", "Cấp lại giấy phép lái xe"));
  catalog.add(procedure("1.000002", "Cấp giấy phép lái tàu"));
  catalog.add(procedure("1.000003", "Đăng ký tàu biển"));
  mc::SearchIndex index(catalog);
  CHECK(codes(index.search("tau")) == std::vector<std::string>{"1.000003", "1.000002"});
  CHECK(codes(index.search("tau giay")) == std::vector<std::string>{"1.000002"});
  CHECK(codes(index.search("gi ph")) == std::vector<std::string>{"1.000002", "1.000001"});  // prefixes while typing
  CHECK(index.search("tau xe").empty());
  CHECK(index.search("iay").empty());  // inside a word, not at its start
  CHECK(index.search("").empty());
  CHECK(index.search("  ,. ").empty());
  CHECK(index.search("tau", 1).size() == 1);
  CHECK(index.search("tau", 0).empty());
}

TEST_CASE("search ranks code, then exact name, then phrase, then scattered words", "[search]") {
  mc::Catalog catalog;
  catalog.add(procedure("1.000010", "Giấy phép xe tập lái", "", {}));              // words scattered
  catalog.add(procedure("1.000011", "Cấp mới giấy phép lái xe hạng A1", "", {}));  // phrase, later
  catalog.add(procedure("1.000012", "Giấy phép lái xe", "Driving licence", {}));   // exact name
  catalog.add(procedure("1.000013", "Giấy phép lái xe quốc tế", "", {}));          // phrase at start
  catalog.add(procedure("1.000014", "Đổi giấy tờ", "", {"giay phep lai xe"}));     // keyword only
  mc::SearchIndex index(catalog);
  CHECK(codes(index.search("giay phep lai xe")) ==
        std::vector<std::string>{"1.000012", "1.000014", "1.000013", "1.000011", "1.000010"});

  // A code beats a name containing the same digits; a code prefix lists the codes starting with it.
  mc::Catalog coded;
  coded.add(procedure("1.002820", "Cấp lại giấy phép lái xe"));
  coded.add(procedure("1.002821", "Thủ tục 1.002820 cũ"));
  coded.add(procedure("2.002820", "Thủ tục khác"));
  mc::SearchIndex coded_index(coded);
  CHECK(codes(coded_index.search("1.002820")).front() == "1.002820");
  CHECK(codes(coded_index.search("1.00282")) == std::vector<std::string>{"1.002820", "1.002821"});
  CHECK(codes(coded_index.search("2.0028")) == std::vector<std::string>{"2.002820"});
}

TEST_CASE("search matches English names, keywords and the field of work", "[search]") {
  mc::Catalog catalog;
  catalog.add(procedure("1.000001", "Cấp lại giấy phép lái xe", "Re-issue of a driving licence", {"gplx", "bằng lái"}));
  mc::Procedure ship = procedure("1.000002", "Đăng ký tàu biển", "Ship registration");
  ship.field_code = "HH";
  ship.field_name = {"Hàng hải", "Maritime"};
  ship.agency_name = {"Cục Hàng hải Việt Nam", "Vietnam Maritime Administration"};
  catalog.add(ship);
  mc::SearchIndex index(catalog);
  CHECK(codes(index.search("driving")) == std::vector<std::string>{"1.000001"});
  CHECK(codes(index.search("GPLX")) == std::vector<std::string>{"1.000001"});
  CHECK(codes(index.search("bang lai")) == std::vector<std::string>{"1.000001"});
  CHECK(codes(index.search("hang hai")) == std::vector<std::string>{"1.000002"});
  CHECK(codes(index.search("maritime")) == std::vector<std::string>{"1.000002"});
  CHECK(codes(index.search("duong bo")) == std::vector<std::string>{"1.000001"});      // field of work
  CHECK(codes(index.search("cuc hang hai")) == std::vector<std::string>{"1.000002"});  // agency

  // A match in the name ranks above a match through the field of work only.
  mc::Catalog mixed;
  mc::Procedure by_field = procedure("1.000010", "Cấp giấy chứng nhận xe cải tạo");
  by_field.field_name = {"Đăng kiểm", "Vehicle inspection"};
  mixed.add(by_field);
  mixed.add(procedure("1.000011", "Đăng kiểm lưu động theo yêu cầu"));
  mc::SearchIndex mixed_index(mixed);
  CHECK(codes(mixed_index.search("dang kiem")) == std::vector<std::string>{"1.000011", "1.000010"});
}

TEST_CASE("a search index can be moved, an empty catalog finds nothing", "[search]") {
  mc::Catalog catalog;
  catalog.add(procedure("1.000001", "Cấp lại giấy phép lái xe"));
  mc::SearchIndex first(catalog);
  mc::SearchIndex moved(std::move(first));
  CHECK(codes(moved.search("cap lai")) == std::vector<std::string>{"1.000001"});
  const mc::Catalog empty;
  mc::SearchIndex empty_catalog_index(empty);
  CHECK(empty_catalog_index.search("cap").empty());
}
