// Derived columns are evaluated column-wise: each block of units runs the postfix program once, every
// instruction a loop over the block's arrays. Next to each value array runs a flag array saying why
// a value is undefined (division by zero, log of <= 0), so a flag is reported only when the undefined
// value reaches the result: if(workers > 0, certified / workers, 0) never flags its guarded division.
#include "engine/derive.hpp"

#include <civiscore/error.hpp>

#include "util/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace civiscore {
inline namespace v0 {
namespace {

enum flag : std::uint8_t { none = 0, division_by_zero = 1, log_domain = 2, overflow = 3 };

struct slot {
    std::vector<double> v;
    std::vector<std::uint8_t> f;
};

// Where an undefined value came from: the instruction's character, kept per flag kind and column.
struct flag_site {
    std::size_t division = 0, log = 0;
};

void run_block(const derived_column& dc, const std::vector<const double*>& in,
               const std::vector<const std::uint8_t*>& in_flags, std::size_t begin, std::size_t len,
               std::vector<slot>& stack, double* out, std::uint8_t* out_flags) {
    std::size_t top = 0;  // number of values on the stack
    auto ensure = [&](slot& s) {
        s.v.resize(len);
        s.f.resize(len);
    };
    for (const expr_instruction& ins : dc.program) {
        switch (ins.op) {
            case expr_op::constant: {
                slot& s = stack[top++];
                ensure(s);
                std::fill(s.v.begin(), s.v.end(), ins.value);
                std::fill(s.f.begin(), s.f.end(), none);
                break;
            }
            case expr_op::column: {
                slot& s = stack[top++];
                ensure(s);
                std::copy(in[ins.index] + begin, in[ins.index] + begin + len, s.v.begin());
                if (in_flags[ins.index]) std::copy(in_flags[ins.index] + begin, in_flags[ins.index] + begin + len, s.f.begin());
                else std::fill(s.f.begin(), s.f.end(), none);
                break;
            }
            case expr_op::neg: {
                slot& a = stack[top - 1];
                for (std::size_t k = 0; k < len; ++k) a.v[k] = -a.v[k];
                break;
            }
            case expr_op::abs: {
                slot& a = stack[top - 1];
                for (std::size_t k = 0; k < len; ++k) a.v[k] = std::fabs(a.v[k]);
                break;
            }
            case expr_op::log: {
                slot& a = stack[top - 1];
                for (std::size_t k = 0; k < len; ++k) {
                    if (a.v[k] <= 0) {
                        a.v[k] = NAN;
                        if (!a.f[k]) a.f[k] = log_domain;
                    } else {
                        a.v[k] = std::log(a.v[k]);  // NaN stays NaN
                    }
                }
                break;
            }
            case expr_op::logical_not: {
                slot& a = stack[top - 1];
                for (std::size_t k = 0; k < len; ++k)
                    if (!std::isnan(a.v[k])) a.v[k] = a.v[k] == 0 ? 1.0 : 0.0;
                break;
            }
            case expr_op::clamp: {
                slot &x = stack[top - 3], &lo = stack[top - 2], &hi = stack[top - 1];
                for (std::size_t k = 0; k < len; ++k) {
                    if (std::isnan(lo.v[k]) || std::isnan(hi.v[k])) {
                        x.v[k] = NAN;
                        if (!x.f[k]) x.f[k] = lo.f[k] ? lo.f[k] : hi.f[k];
                    } else if (!std::isnan(x.v[k])) {
                        x.v[k] = std::min(std::max(x.v[k], lo.v[k]), hi.v[k]);
                    }
                }
                top -= 2;
                break;
            }
            case expr_op::if_else: {
                slot &c = stack[top - 3], &a = stack[top - 2], &b = stack[top - 1];
                for (std::size_t k = 0; k < len; ++k) {
                    if (std::isnan(c.v[k])) continue;  // unknown condition: missing (with its flag)
                    const slot& chosen = c.v[k] != 0 ? a : b;
                    c.v[k] = chosen.v[k];
                    c.f[k] = chosen.f[k];
                }
                top -= 2;
                break;
            }
            case expr_op::min:
            case expr_op::max: {
                const std::size_t n = ins.index;
                slot& r = stack[top - n];
                for (std::size_t j = top - n + 1; j < top; ++j) {
                    const slot& o = stack[j];
                    for (std::size_t k = 0; k < len; ++k) {
                        if (std::isnan(r.v[k])) continue;  // missing anywhere: missing
                        if (std::isnan(o.v[k])) {
                            r.v[k] = NAN;
                            r.f[k] = o.f[k];
                        } else {
                            r.v[k] = ins.op == expr_op::min ? std::min(r.v[k], o.v[k]) : std::max(r.v[k], o.v[k]);
                        }
                    }
                }
                top -= n - 1;
                break;
            }
            default: {  // binary operators
                slot &a = stack[top - 2], &b = stack[top - 1];
                for (std::size_t k = 0; k < len; ++k) {
                    const double x = a.v[k], y = b.v[k];
                    if (std::isnan(x) || std::isnan(y)) {
                        a.v[k] = NAN;
                        if (!a.f[k]) a.f[k] = b.f[k];
                        continue;
                    }
                    double r = 0;
                    switch (ins.op) {
                        case expr_op::add: r = x + y; break;
                        case expr_op::sub: r = x - y; break;
                        case expr_op::mul: r = x * y; break;
                        case expr_op::div:
                            if (y == 0) {
                                r = NAN;
                                a.f[k] = division_by_zero;
                            } else {
                                r = x / y;
                            }
                            break;
                        case expr_op::lt: r = x < y; break;
                        case expr_op::le: r = x <= y; break;
                        case expr_op::gt: r = x > y; break;
                        case expr_op::ge: r = x >= y; break;
                        case expr_op::eq: r = x == y; break;
                        case expr_op::ne: r = x != y; break;
                        case expr_op::logical_and: r = (x != 0) && (y != 0); break;
                        case expr_op::logical_or: r = (x != 0) || (y != 0); break;
                        default: break;
                    }
                    // An overflow (1e308 * 10) is not a number the rules can use: missing, like 1/0.
                    if (!std::isfinite(r) && !std::isnan(r)) {
                        r = NAN;
                        a.f[k] = overflow;
                    }
                    a.v[k] = r;
                }
                --top;
                break;
            }
        }
    }
    std::copy(stack[0].v.begin(), stack[0].v.begin() + static_cast<std::ptrdiff_t>(len), out + begin);
    std::copy(stack[0].f.begin(), stack[0].f.begin() + static_cast<std::ptrdiff_t>(len), out_flags + begin);
}

// The character of the one instruction of kind `op`, for the issue's reason; 0 when there are several
// (the flag says which kind of operation failed, not which instance).
std::size_t only_position(const derived_column& dc, expr_op op) {
    std::size_t pos = 0, count = 0;
    for (const auto& ins : dc.program)
        if (ins.op == op) {
            pos = ins.position;
            ++count;
        }
    return count == 1 ? pos : 0;
}

}  // namespace

derived_data::derived_data(const model& m, const dataset& d) : d_(d) {
    if (m.derived.empty()) return;
    std::unordered_map<std::string_view, std::size_t> index;
    for (std::size_t j = 0; j < d.columns.size(); ++j) index.emplace(d.columns[j].id, j);
    bool all_present = true;
    for (const auto& dc : m.derived) {
        const auto it = index.find(dc.name);
        if (it == index.end()) {
            all_present = false;
            continue;
        }
        const column& c = d.columns[it->second];
        if (c.derived_by == m.sha256) continue;
        if (c.derived_by.empty())
            throw data_error((d.source.empty() ? std::string("data") : d.source) + ": column '" + dc.name +
                             "' is in the data, but the model derives it (" + dc.pointer + " = " + dc.expression +
                             "); rename the data column or the derived one");
        all_present = false;  // derived by another model (an assessment profile): compute again
    }
    if (all_present) return;

    dataset& out = owned_.emplace(d);
    // Drop columns another model derived; this model's own are computed below.
    out.columns.erase(std::remove_if(out.columns.begin(), out.columns.end(),
                                     [](const column& c) { return !c.derived_by.empty(); }),
                      out.columns.end());
    const std::size_t n = d.unit_count();
    std::vector<std::vector<std::uint8_t>> flags(m.derived.size());
    std::unordered_map<std::string, std::size_t> derived_index;  // name -> index in m.derived
    const std::string where = d.source.empty() ? std::string("data") : d.source;

    for (std::size_t i = 0; i < m.derived.size(); ++i) {
        const derived_column& dc = m.derived[i];
        std::vector<const double*> in;
        std::vector<const std::uint8_t*> in_flags;
        for (std::size_t k = 0; k < dc.inputs.size(); ++k) {
            const std::string& name = dc.inputs[k];
            if (const auto di = derived_index.find(name); di != derived_index.end()) {
                in.push_back(out.columns[static_cast<std::size_t>(out.find_column(name))].values.data());
                in_flags.push_back(flags[di->second].data());
                continue;
            }
            const int c = out.find_column(name);
            if (c < 0)
                throw data_error(where + ": column '" + name + "' is missing; the model's derived column '" + dc.name +
                                 "' (" + dc.pointer + ", character " + std::to_string(dc.input_positions[k]) +
                                 " of \"" + dc.expression + "\") reads it");
            const column& col = out.columns[static_cast<std::size_t>(c)];
            if (!col.numeric)
                throw data_error(col.not_numeric_where + ": column '" + name + "' is read by the derived column '" +
                                 dc.name + "' (" + dc.pointer + ") and must be numeric");
            in.push_back(col.values.data());
            in_flags.push_back(nullptr);
        }
        column result;
        result.id = dc.name;
        result.derived_by = m.sha256;
        result.values.assign(n, NAN);
        flags[i].assign(n, none);
        const std::size_t n_blocks = (n + block_size - 1) / block_size;
        // Each block writes only its own range, and blocks are fixed: thread-count independent.
        parallel_for_blocks(n_blocks, 0, [&](std::size_t b) {
            const std::size_t begin = b * block_size;
            std::vector<slot> stack(std::max<std::size_t>(dc.stack_depth, 1));
            run_block(dc, in, in_flags, begin, std::min(block_size, n - begin), stack, result.values.data(),
                      flags[i].data());
        });
        for (std::size_t u = 0; u < n; ++u) {
            if (!flags[i][u] || !std::isnan(result.values[u])) continue;
            const auto kind = static_cast<flag>(flags[i][u]);
            if (kind == overflow) {
                issues_.push_back({u, i, "a value too large for a double (overflow)"});
                continue;
            }
            const bool div = kind == division_by_zero;
            const std::size_t pos = only_position(dc, div ? expr_op::div : expr_op::log);
            issues_.push_back({u, i, std::string(div ? "division by zero" : "logarithm of a value <= 0") +
                                         (pos ? " at character " + std::to_string(pos) : "")});
        }
        out.columns.push_back(std::move(result));
        derived_index.emplace(dc.name, i);
    }
}

void derived_data::append_records(const model& m, std::vector<treatment_record>& out) const {
    for (const derived_issue& is : issues_) {
        const derived_column& dc = m.derived[is.column];
        for (int n : m.indicators) {
            const node& nd = m.nodes[static_cast<std::size_t>(n)];
            const bool reads = std::find(nd.columns.begin(), nd.columns.end(), dc.name) != nd.columns.end() ||
                               nd.treatment.denominator == dc.name;
            if (!reads) continue;
            out.push_back({is.unit, n, NAN, NAN,
                           "derived '" + dc.name + "' = " + dc.expression + ": " + is.reason + " -> missing"});
        }
    }
}

}  // namespace v0
}  // namespace civiscore
