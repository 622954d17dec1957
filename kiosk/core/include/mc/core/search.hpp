#pragma once
// Procedure search that folds case and Vietnamese diacritics ("dang ky" finds "Đăng ký"),
// matches names (vi and en), codes and keywords, and ranks the best match first.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>
#include "mc/core/catalog.hpp"

namespace mc {

struct SearchHit {
  const Procedure* procedure;
  double score;  // higher is better
};

class SearchIndex {
 public:
  explicit SearchIndex(const Catalog& catalog);  // the catalog must outlive the index
  std::vector<SearchHit> search(std::string_view query, size_t limit = 20) const;

 private:
  struct Entry;
  std::vector<Entry> entries_;
  const Catalog* catalog_;
  // One entry containing a word, and where: so ranking needs no string search for most candidates.
  struct Posting {
    uint32_t entry;
    uint8_t zones;       // bit 0: Vietnamese name, 1: English name, 2: keywords, 3: field, agency or code
    uint16_t offset_vi;  // byte offset of the word in the folded Vietnamese name (when bit 0 is set)
    uint16_t offset_en;  // same in the English name (bit 1)
  };
  // Every distinct folded word of the entries, sorted, with its postings (ascending entry).
  std::vector<std::string> vocabulary_;
  std::vector<std::vector<Posting>> postings_;
  std::vector<std::pair<std::string, uint32_t>> codes_;  // compact folded code -> entry, sorted
 public:
  ~SearchIndex();
  SearchIndex(SearchIndex&&) noexcept;
  SearchIndex& operator=(SearchIndex&&) noexcept;
};

}  // namespace mc
