// Procedure search. Everything a query can match is folded once, when the index is built (case, diacritics,
// đ -> d, punctuation -> space), and every distinct word goes into a sorted vocabulary with the entries that
// contain it. A query word then selects the entries with a word starting with it (binary search for the
// prefix range), the words are ANDed, and only the few surviving entries are scored.
#include "mc/core/search.hpp"

#include <algorithm>
#include <cstdint>

#include "mc/core/text.hpp"

namespace mc {

namespace {

std::vector<std::string> words_of(const std::string& folded) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start < folded.size()) {
    size_t space = folded.find(' ', start);
    if (space == std::string::npos) space = folded.size();
    if (space > start) words.push_back(folded.substr(start, space - start));
    start = space + 1;
  }
  return words;
}

// Codes compared without punctuation or spaces: "1.002820", "1 002820" and "1002820" are the same code.
std::string compact(std::string_view folded) {
  std::string out;
  for (char c : folded)
    if (c != ' ' && c != '.') out.push_back(c);
  return out;
}

bool looks_like_code(std::string_view query) {
  // At least one digit and nothing but digits, dots and spaces: "1.0028", "2 001".
  bool digit = false;
  for (char c : query) {
    if (c >= '0' && c <= '9')
      digit = true;
    else if (c != '.' && c != ' ')
      return false;
  }
  return digit;
}

// Position (in bytes) where `phrase` starts a word of `text`, or npos. Both are folded (single spaces).
size_t find_at_word_start(const std::string& text, std::string_view phrase) {
  size_t pos = text.find(phrase);
  while (pos != std::string::npos) {
    if (pos == 0 || text[pos - 1] == ' ') return pos;
    pos = text.find(phrase, pos + 1);
  }
  return std::string::npos;
}

// Score tiers, 100 apart; within a tier up to 90 points go to earlier matches and shorter names.
constexpr double kExactCode = 1000;
constexpr double kCodePrefix = 900;
constexpr double kExactName = 800;
constexpr double kExactKeyword = 700;
constexpr double kPhraseInName = 600;
constexpr double kWordsInName = 500;
constexpr double kPhraseInKeyword = 400;
constexpr double kWordsInNameOrKeywords = 300;
constexpr double kWordsAnywhere = 200;

double tie_break(size_t position, size_t name_length) {
  double earlier = 45.0 / (1.0 + static_cast<double>(position) / 4.0);
  double shorter = 45.0 * (1.0 - static_cast<double>(std::min<size_t>(name_length, 200)) / 200.0);
  return earlier + shorter;
}

}  // namespace

struct SearchIndex::Entry {
  const Procedure* procedure;
  std::string code;                   // compact folded code: "1002820"
  std::string name_vi;                // folded
  std::string name_en;                // folded
  std::vector<std::string> keywords;  // folded
};

namespace {

constexpr uint8_t kZoneNameVi = 1, kZoneNameEn = 2, kZoneKeywords = 4, kZoneOther = 8;

struct Occurrence {
  std::string word;
  uint32_t entry;
  uint8_t zone;
  uint16_t offset;  // byte offset in the zone's text (names only)
};

void add_words(std::vector<Occurrence>& out, const std::string& folded, uint32_t entry, uint8_t zone) {
  size_t start = 0;
  while (start < folded.size()) {
    size_t space = folded.find(' ', start);
    if (space == std::string::npos) space = folded.size();
    if (space > start)
      out.push_back({folded.substr(start, space - start), entry, zone,
                     static_cast<uint16_t>(std::min<size_t>(start, UINT16_MAX))});
    start = space + 1;
  }
}

}  // namespace

SearchIndex::SearchIndex(const Catalog& catalog) : catalog_(&catalog) {
  const auto& procedures = catalog.procedures();
  entries_.reserve(procedures.size());
  std::vector<Occurrence> occurrences;
  for (const auto& procedure : procedures) {
    const auto index = static_cast<uint32_t>(entries_.size());
    Entry entry;
    entry.procedure = &procedure;
    entry.code = compact(fold_for_search(procedure.code));
    entry.name_vi = fold_for_search(procedure.name.vi);
    entry.name_en = fold_for_search(procedure.name.en);
    add_words(occurrences, entry.name_vi, index, kZoneNameVi);
    add_words(occurrences, entry.name_en, index, kZoneNameEn);
    for (const auto& keyword : procedure.keywords) {
      entry.keywords.push_back(fold_for_search(keyword));
      add_words(occurrences, entry.keywords.back(), index, kZoneKeywords);
    }
    // Field of work, its code, the agency and the code's digit groups are searchable too (lowest tier).
    for (const std::string* text : {&procedure.field_name.vi, &procedure.field_name.en, &procedure.field_code,
                                    &procedure.agency_name.vi, &procedure.agency_name.en, &procedure.code})
      add_words(occurrences, fold_for_search(*text), index, kZoneOther);
    entries_.push_back(std::move(entry));
  }
  std::sort(occurrences.begin(), occurrences.end(), [](const Occurrence& a, const Occurrence& b) {
    if (int c = a.word.compare(b.word); c != 0) return c < 0;
    return a.entry < b.entry;
  });
  // Merge the occurrences of one word in one entry into one posting: zones ORed, earliest offsets kept.
  for (const auto& o : occurrences) {
    if (vocabulary_.empty() || vocabulary_.back() != o.word) {
      vocabulary_.push_back(o.word);
      postings_.emplace_back();
    }
    auto& list = postings_.back();
    if (list.empty() || list.back().entry != o.entry) list.push_back({o.entry, 0, UINT16_MAX, UINT16_MAX});
    Posting& posting = list.back();
    posting.zones |= o.zone;
    if (o.zone == kZoneNameVi) posting.offset_vi = std::min(posting.offset_vi, o.offset);
    if (o.zone == kZoneNameEn) posting.offset_en = std::min(posting.offset_en, o.offset);
  }
  codes_.reserve(entries_.size());
  for (uint32_t i = 0; i < entries_.size(); ++i) codes_.emplace_back(entries_[i].code, i);
  std::sort(codes_.begin(), codes_.end());
}

SearchIndex::~SearchIndex() = default;
SearchIndex::SearchIndex(SearchIndex&&) noexcept = default;
SearchIndex& SearchIndex::operator=(SearchIndex&&) noexcept = default;

std::vector<SearchHit> SearchIndex::search(std::string_view query, size_t limit) const {
  std::vector<SearchHit> hits;
  const std::string folded = fold_for_search(query);
  if (folded.empty() || limit == 0 || entries_.empty()) return hits;
  std::vector<std::string> words = words_of(folded);
  if (words.size() > 16) words.resize(16);  // a pasted paragraph is not a query; keeps counters small
  const bool single_word = words.size() == 1;

  // Per entry, over the query words so far: how many matched (ANDed in order), the zones where *every* word
  // matched, whether every word matched in a name or keyword, and the earliest match offsets in the names.
  const size_t n = entries_.size();
  std::vector<uint8_t> matched(n, 0), all_zones(n, 0), word_zones(n, 0);
  std::vector<uint16_t> first_vi(n, UINT16_MAX), first_en(n, UINT16_MAX);
  std::vector<uint32_t> touched;
  for (size_t w = 0; w < words.size(); ++w) {
    const std::string& word = words[w];
    touched.clear();
    auto it = std::lower_bound(vocabulary_.begin(), vocabulary_.end(), word);
    for (; it != vocabulary_.end() && it->compare(0, word.size(), word) == 0; ++it) {
      for (const Posting& p : postings_[static_cast<size_t>(it - vocabulary_.begin())]) {
        if (matched[p.entry] != w) continue;  // an earlier word missed this entry
        if (word_zones[p.entry] == 0) touched.push_back(p.entry);
        word_zones[p.entry] |= p.zones;
        if (p.zones & kZoneNameVi) first_vi[p.entry] = std::min(first_vi[p.entry], p.offset_vi);
        if (p.zones & kZoneNameEn) first_en[p.entry] = std::min(first_en[p.entry], p.offset_en);
      }
    }
    for (uint32_t e : touched) {
      matched[e] = static_cast<uint8_t>(w + 1);
      // Bit 4 records "this word was found in a name or keyword"; ANDed, it means "all words were".
      const uint8_t zones = word_zones[e] | ((word_zones[e] & (kZoneNameVi | kZoneNameEn | kZoneKeywords)) ? 16 : 0);
      all_zones[e] = w == 0 ? zones : static_cast<uint8_t>(all_zones[e] & zones);
      word_zones[e] = 0;
    }
  }
  std::vector<uint32_t> candidates;
  for (uint32_t e = 0; e < n; ++e)
    if (matched[e] == words.size()) candidates.push_back(e);

  // Codes: "1.002820" is one code, not the words "1" and "002820".
  const bool code_like = looks_like_code(folded);
  const std::string code_query = compact(folded);
  if (code_like && code_query.size() >= 2) {
    auto it = std::lower_bound(codes_.begin(), codes_.end(), std::make_pair(code_query, uint32_t{0}));
    for (; it != codes_.end() && it->first.compare(0, code_query.size(), code_query) == 0; ++it)
      if (matched[it->second] != words.size()) candidates.push_back(it->second);
  }

  hits.reserve(candidates.size());
  for (uint32_t index : candidates) {
    const Entry& e = entries_[index];
    const size_t name_length = e.name_vi.size();
    const uint8_t zones = matched[index] == words.size() ? all_zones[index] : 0;
    double score = 0;
    size_t pos = std::string::npos;
    if (code_like && code_query.size() >= 2 && e.code.compare(0, code_query.size(), code_query) == 0) {
      score = e.code == code_query
                  ? kExactCode
                  : kCodePrefix + 90.0 * static_cast<double>(code_query.size()) / static_cast<double>(e.code.size());
    } else if (e.name_vi == folded || e.name_en == folded) {
      score = kExactName + tie_break(0, name_length);
    } else if (std::find(e.keywords.begin(), e.keywords.end(), folded) != e.keywords.end()) {
      score = kExactKeyword + tie_break(0, name_length);
    } else if ((zones & kZoneNameVi) &&
               (pos = single_word ? first_vi[index] : find_at_word_start(e.name_vi, folded)) != std::string::npos) {
      score = kPhraseInName + tie_break(pos, name_length);
    } else if ((zones & kZoneNameEn) &&
               (pos = single_word ? first_en[index] : find_at_word_start(e.name_en, folded)) != std::string::npos) {
      score = kPhraseInName - 10 + tie_break(pos, e.name_en.size());
    } else if (zones & kZoneNameVi) {
      score = kWordsInName + tie_break(first_vi[index], name_length);
    } else if (zones & kZoneNameEn) {
      score = kWordsInName - 10 + tie_break(first_en[index], e.name_en.size());
    } else if ((zones & kZoneKeywords) &&
               (single_word || std::any_of(e.keywords.begin(), e.keywords.end(), [&](const std::string& k) {
                  return find_at_word_start(k, folded) != std::string::npos;
                }))) {
      score = kPhraseInKeyword + tie_break(0, name_length);
    } else if (zones & 16) {
      score = kWordsInNameOrKeywords + tie_break(std::min(first_vi[index], first_en[index]), name_length);
    } else {
      score = kWordsAnywhere + tie_break(100, name_length);
    }
    hits.push_back({e.procedure, score});
  }

  // Best first; equal scores keep catalog order so results are stable between runs.
  auto better = [&](const SearchHit& a, const SearchHit& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.procedure < b.procedure;
  };
  if (hits.size() > limit) {
    std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(limit), hits.end(), better);
    hits.resize(limit);
  } else {
    std::sort(hits.begin(), hits.end(), better);
  }
  return hits;
}

}  // namespace mc
