#include <civiscore/check/stats.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace civiscore {
inline namespace v0 {
namespace check {

double median(std::vector<double> values) {
    values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
                 values.end());
    if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
    const std::size_t n = values.size();
    std::sort(values.begin(), values.end());
    return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

double mad(const std::vector<double>& values) {
    const double m = median(values);
    if (std::isnan(m)) return m;
    std::vector<double> dev;
    dev.reserve(values.size());
    for (double v : values)
        if (!std::isnan(v)) dev.push_back(std::abs(v - m));
    return median(std::move(dev));
}

namespace {

// Series for P(a, x), good for x < a + 1.
double gamma_p_series(double a, double x) {
    double term = 1.0 / a, sum = term, ap = a;
    for (int n = 0; n < 1000; ++n) {
        ap += 1.0;
        term *= x / ap;
        sum += term;
        if (std::abs(term) < std::abs(sum) * 1e-16) break;
    }
    return sum * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

// Continued fraction for Q(a, x) (modified Lentz), good for x >= a + 1.
double gamma_q_fraction(double a, double x) {
    constexpr double tiny = 1e-300;
    double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
    for (int i = 1; i < 1000; ++i) {
        const double an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        if (std::abs(d) < tiny) d = tiny;
        c = b + an / c;
        if (std::abs(c) < tiny) c = tiny;
        d = 1.0 / d;
        const double delta = d * c;
        h *= delta;
        if (std::abs(delta - 1.0) < 1e-16) break;
    }
    return std::exp(-x + a * std::log(x) - std::lgamma(a)) * h;
}

}  // namespace

double gamma_q(double a, double x) {
    if (!(a > 0) || !(x >= 0) || std::isnan(x)) return std::numeric_limits<double>::quiet_NaN();
    if (x == 0) return 1.0;
    if (std::isinf(x)) return 0.0;
    if (x < a + 1.0) return 1.0 - gamma_p_series(a, x);
    return gamma_q_fraction(a, x);
}

double chi_square_sf(double x, double dof) { return gamma_q(0.5 * dof, 0.5 * x); }

double binomial_sf(std::size_t k, std::size_t n, double p) {
    if (k == 0) return 1.0;
    if (k > n) return 0.0;
    if (p <= 0) return 0.0;
    if (p >= 1) return 1.0;
    const double ln_p = std::log(p), ln_q = std::log1p(-p);
    const double ln_n1 = std::lgamma(static_cast<double>(n) + 1.0);
    double sum = 0.0;
    for (std::size_t i = k; i <= n; ++i) {
        const double di = static_cast<double>(i);
        const double ln_term = ln_n1 - std::lgamma(di + 1.0) -
                               std::lgamma(static_cast<double>(n - i) + 1.0) + di * ln_p +
                               static_cast<double>(n - i) * ln_q;
        sum += std::exp(ln_term);
    }
    return std::min(1.0, sum);
}

double poisson_binomial_sf(std::size_t k, const std::vector<double>& p) {
    if (k == 0) return 1.0;
    if (k > p.size()) return 0.0;
    // dist[j] = P(exactly j successes among the values seen so far)
    std::vector<double> dist(p.size() + 1, 0.0);
    dist[0] = 1.0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        for (std::size_t j = i + 1; j > 0; --j) dist[j] = dist[j] * (1.0 - p[i]) + dist[j - 1] * p[i];
        dist[0] *= 1.0 - p[i];
    }
    double sum = 0.0;
    for (std::size_t j = k; j < dist.size(); ++j) sum += dist[j];
    return std::min(1.0, sum);
}

std::array<double, 9> benford_expected() noexcept {
    std::array<double, 9> e{};
    for (int d = 1; d <= 9; ++d) e[static_cast<std::size_t>(d - 1)] = std::log10(1.0 + 1.0 / d);
    return e;
}

int first_digit(double x) noexcept {
    x = std::abs(x);
    if (!(x > 0) || std::isinf(x)) return 0;
    // Scale into [1, 10); the nudge keeps 1000 from reading as 9.999... after the division.
    double e = std::floor(std::log10(x));
    double m = x / std::pow(10.0, e);
    if (m >= 10.0 - 1e-12) m /= 10.0;
    if (m < 1.0 - 1e-12) m *= 10.0;
    const int d = static_cast<int>(std::floor(m + 1e-12));
    return std::clamp(d, 1, 9);
}

benford_result benford_test(const std::vector<double>& values) {
    benford_result r;
    std::array<std::size_t, 9> counts{};
    for (double v : values) {
        const int d = first_digit(v);
        if (d == 0) continue;
        ++counts[static_cast<std::size_t>(d - 1)];
        ++r.n;
    }
    if (r.n == 0) return r;
    const auto e = benford_expected();
    const double n = static_cast<double>(r.n);
    for (std::size_t i = 0; i < 9; ++i) {
        r.observed[i] = static_cast<double>(counts[i]) / n;
        const double expected = n * e[i];
        const double diff = static_cast<double>(counts[i]) - expected;
        r.chi_square += diff * diff / expected;
        r.mad += std::abs(r.observed[i] - e[i]);
    }
    r.mad /= 9.0;
    r.p_value = chi_square_sf(r.chi_square, 8.0);
    return r;
}

const char* benford_conformity(double m) noexcept {
    if (m <= 0.006) return "close";
    if (m <= 0.012) return "acceptable";
    if (m <= 0.015) return "marginal";
    return "nonconformity";
}

int decimals_of(double x) noexcept {
    if (!std::isfinite(x)) return 0;
    double scale = 1.0;
    for (int d = 0; d <= 6; ++d, scale *= 10.0) {
        const double y = x * scale;
        if (std::abs(y - std::round(y)) <= 1e-9 * std::max(1.0, std::abs(y))) return d;
    }
    return 6;
}

bool is_multiple(double x, double base) noexcept {
    if (!std::isfinite(x) || !(base > 0)) return false;
    const double q = x / base;
    return std::abs(q - std::round(q)) <= 1e-9 * std::max(1.0, std::abs(q));
}

std::uint64_t splitmix64(std::uint64_t& state) noexcept {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

double unit_interval(std::uint64_t bits) noexcept {
    // The top 53 bits, offset by half a step so neither 0 nor 1 can come out.
    return (static_cast<double>(bits >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

std::uint64_t fnv1a64(std::string_view s) noexcept {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

}  // namespace check
}  // namespace v0
}  // namespace civiscore
