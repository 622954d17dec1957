#include "mc/server/status_pace.hpp"

#include <algorithm>
#include <array>

namespace mc::server {

namespace {
constexpr std::array<int, 5> kPath = {1, 2, 4, 9, 10};
}

StatusNow status_at(int initial_status, int64_t received_at, int64_t now, int64_t pace_s) {
  StatusNow result{initial_status, received_at};
  const auto start = std::find(kPath.begin(), kPath.end(), initial_status);
  if (pace_s <= 0 || start == kPath.end() || now <= received_at) return result;
  const int64_t remaining = static_cast<int64_t>(kPath.end() - start) - 1;
  const int64_t steps = std::min<int64_t>((now - received_at) / pace_s, remaining);
  result.status = *(start + steps);
  result.changed_at = received_at + steps * pace_s;
  return result;
}

std::string status_text_vi(int status) {
  switch (status) {
    case 1:
      return "Mới đăng ký";
    case 2:
      return "Được tiếp nhận";
    case 3:
      return "Không được tiếp nhận";
    case 4:
      return "Đang xử lý";
    case 5:
      return "Yêu cầu bổ sung giấy tờ";
    case 6:
      return "Yêu cầu thực hiện nghĩa vụ tài chính";
    case 7:
      return "Công dân yêu cầu rút hồ sơ";
    case 8:
      return "Dừng xử lý";
    case 9:
      return "Đã xử lý xong";
    case 10:
      return "Đã trả kết quả";
    default:
      return "Không rõ trạng thái";
  }
}

}  // namespace mc::server
