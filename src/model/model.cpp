#include <civiscore/model.hpp>

#include <algorithm>
#include <cmath>

namespace civiscore {
inline namespace v0 {

int model::find(std::string_view id) const noexcept {
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].id == id) return static_cast<int>(i);
    }
    return -1;
}

double model::display_score(int n, double value) const noexcept {
    if (display == score_display::scale) return value;
    return (value - scale_lo) / (scale_hi - scale_lo) * nodes[static_cast<std::size_t>(n)].points;
}

double model::grade_floor(std::size_t g) const noexcept {
    // A total that is a threshold up to rounding (89.99999999999999 for 90) reaches it: sums of
    // points must not lose a grade to floating-point noise.
    const double min = grades[g].min;
    return min - 1e-9 * std::max(1.0, std::abs(min));
}

int model::grade_of(double root_score) const noexcept {
    if (std::isnan(root_score)) return -1;
    for (std::size_t g = 0; g < grades.size(); ++g)
        if (root_score >= grade_floor(g)) return static_cast<int>(g);
    return -1;
}

}  // namespace v0
}  // namespace civiscore
