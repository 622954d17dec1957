#pragma once
// Procedure search that folds case and Vietnamese diacritics ("dang ky" finds "Đăng ký"),
// matches names (vi and en), codes and keywords, and ranks the best match first.
#include <string>
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
 public:
  ~SearchIndex();
  SearchIndex(SearchIndex&&) noexcept;
  SearchIndex& operator=(SearchIndex&&) noexcept;
};

}  // namespace mc
