// A recursive-descent parser for derived-column expressions, emitting postfix code directly, so the
// engine never looks at text again (no per-cell string work):
//   expr   := and ('or' and)*            comparison and logic give 1 (true) or 0 (false)
//   and    := not ('and' not)*
//   not    := 'not' not | cmp
//   cmp    := sum (('<' | '<=' | '>' | '>=' | '==' | '!=') sum)?
//   sum    := prod (('+' | '-') prod)*
//   prod   := unary (('*' | '/') unary)*
//   unary  := '-' unary | atom
//   atom   := number | column | function '(' expr (',' expr)* ')' | '(' expr ')'
// A column is a name of letters (any script), digits, '_' and '.', or any text in backquotes
// (`served 60+`). '&&', '||', '!' are accepted for and, or, not.
#include "model/expression.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace civiscore {
inline namespace v0 {
namespace {

struct syntax_error {
    std::size_t at;  // byte offset
    std::string message;
};

struct function_info {
    expr_op op;
    std::size_t min_args, max_args;  // max 0 = any number
};

const std::map<std::string, function_info, std::less<>>& functions() {
    static const std::map<std::string, function_info, std::less<>> f{
        {"min", {expr_op::min, 2, 0}},     {"max", {expr_op::max, 2, 0}},
        {"clamp", {expr_op::clamp, 3, 3}}, {"abs", {expr_op::abs, 1, 1}},
        {"log", {expr_op::log, 1, 1}},     {"if", {expr_op::if_else, 3, 3}},
    };
    return f;
}

[[nodiscard]] std::string function_names() {
    std::string out;
    for (const auto& [name, info] : functions()) out += (out.empty() ? "" : ", ") + name;
    return out;
}

[[nodiscard]] bool name_start(unsigned char c) { return c == '_' || static_cast<unsigned>((c | 0x20) - 'a') < 26u || c >= 0x80; }
[[nodiscard]] bool name_char(unsigned char c) { return name_start(c) || (c >= '0' && c <= '9') || c == '.'; }

class parser {
public:
    parser(const std::string& text, derived_column& out) : s_(text), out_(out) {}

    void run() {
        parse_or();
        skip();
        if (p_ < s_.size()) fail(p_, "unexpected '" + std::string(1, s_[p_]) + "'" + hint());
    }

    // Character (1-based) of byte offset `at`, counted in UTF-8 characters as editors show them.
    [[nodiscard]] std::size_t character(std::size_t at) const {
        std::size_t c = 1;
        for (std::size_t i = 0; i < at && i < s_.size(); ++i)
            if ((static_cast<unsigned char>(s_[i]) & 0xC0) != 0x80) ++c;
        return c;
    }

private:
    const std::string& s_;
    derived_column& out_;
    std::size_t p_ = 0;
    std::size_t depth_ = 0, max_depth_ = 0;
    std::unordered_map<std::string, std::size_t> input_index_;

    [[noreturn]] void fail(std::size_t at, std::string message) const { throw syntax_error{at, std::move(message)}; }

    [[nodiscard]] std::string hint() const {
        if (p_ < s_.size() && s_[p_] == '=') return " (write == to compare)";
        if (p_ < s_.size() && (name_char(static_cast<unsigned char>(s_[p_])) || s_[p_] == '(' || s_[p_] == '`'))
            return " (is an operator missing?)";
        return "";
    }

    void skip() {
        while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\t' || s_[p_] == '\n' || s_[p_] == '\r')) ++p_;
    }

    bool eat(std::string_view token) {
        skip();
        if (s_.compare(p_, token.size(), token) != 0) return false;
        p_ += token.size();
        return true;
    }

    // A keyword (and, or, not) only as a whole word.
    bool eat_word(std::string_view word) {
        skip();
        if (s_.compare(p_, word.size(), word) != 0) return false;
        const std::size_t end = p_ + word.size();
        if (end < s_.size() && name_char(static_cast<unsigned char>(s_[end]))) return false;
        p_ = end;
        return true;
    }

    void emit(expr_op op, std::size_t at, double value = 0, std::size_t index = 0, int stack_change = 0) {
        out_.program.push_back({op, value, index, character(at)});
        depth_ = static_cast<std::size_t>(static_cast<long long>(depth_) + stack_change);
        max_depth_ = std::max(max_depth_, depth_);
        out_.stack_depth = max_depth_;
    }

    void parse_or() {
        parse_and();
        for (;;) {
            const std::size_t at = (skip(), p_);
            if (eat_word("or") || eat("||")) {
                parse_and();
                emit(expr_op::logical_or, at, 0, 0, -1);
            } else {
                return;
            }
        }
    }

    void parse_and() {
        parse_not();
        for (;;) {
            const std::size_t at = (skip(), p_);
            if (eat_word("and") || eat("&&")) {
                parse_not();
                emit(expr_op::logical_and, at, 0, 0, -1);
            } else {
                return;
            }
        }
    }

    void parse_not() {
        const std::size_t at = (skip(), p_);
        if (eat_word("not") || (s_.compare(p_, 2, "!=") != 0 && eat("!"))) {
            parse_not();
            emit(expr_op::logical_not, at);
            return;
        }
        parse_cmp();
    }

    void parse_cmp() {
        parse_sum();
        skip();
        const std::size_t at = p_;
        static const std::pair<std::string_view, expr_op> ops[] = {
            {"<=", expr_op::le}, {">=", expr_op::ge}, {"==", expr_op::eq}, {"!=", expr_op::ne},
            {"<>", expr_op::ne}, {"<", expr_op::lt},  {">", expr_op::gt}};
        for (const auto& [token, op] : ops) {
            if (eat(token)) {
                parse_sum();
                emit(op, at, 0, 0, -1);
                skip();
                if (p_ < s_.size() && (s_[p_] == '<' || s_[p_] == '>' || s_.compare(p_, 2, "==") == 0))
                    fail(p_, "comparisons do not chain; use 'and' (a < b and b < c)");
                return;
            }
        }
        if (p_ < s_.size() && s_[p_] == '=') fail(p_, "'=' is not an operator; write == to compare");
    }

    void parse_sum() {
        parse_prod();
        for (;;) {
            const std::size_t at = (skip(), p_);
            if (eat("+")) {
                parse_prod();
                emit(expr_op::add, at, 0, 0, -1);
            } else if (eat("-")) {
                parse_prod();
                emit(expr_op::sub, at, 0, 0, -1);
            } else {
                return;
            }
        }
    }

    void parse_prod() {
        parse_unary();
        for (;;) {
            const std::size_t at = (skip(), p_);
            if (eat("*")) {
                parse_unary();
                emit(expr_op::mul, at, 0, 0, -1);
            } else if (eat("/")) {
                parse_unary();
                emit(expr_op::div, at, 0, 0, -1);
            } else {
                return;
            }
        }
    }

    void parse_unary() {
        const std::size_t at = (skip(), p_);
        if (eat("-")) {
            parse_unary();
            emit(expr_op::neg, at);
            return;
        }
        if (eat("+")) {
            parse_unary();
            return;
        }
        parse_atom();
    }

    void push_column(const std::string& name, std::size_t at) {
        if (name == out_.name) fail(at, "derived column '" + name + "' cannot read itself");
        auto [it, inserted] = input_index_.emplace(name, out_.inputs.size());
        if (inserted) {
            out_.inputs.push_back(name);
            out_.input_positions.push_back(character(at));
        }
        emit(expr_op::column, at, 0, it->second, +1);
    }

    void parse_atom() {
        skip();
        const std::size_t at = p_;
        if (p_ >= s_.size()) fail(p_, "expression ends too early (a value is missing)");
        const auto c = static_cast<unsigned char>(s_[p_]);
        if (c == '(') {
            ++p_;
            parse_or();
            if (!eat(")")) fail((skip(), p_), "missing ')' for the '(' at character " + std::to_string(character(at)));
            return;
        }
        if ((c >= '0' && c <= '9') || c == '.') {
            std::size_t end = p_;
            while (end < s_.size() && ((s_[end] >= '0' && s_[end] <= '9') || s_[end] == '.')) ++end;
            if (end < s_.size() && (s_[end] == 'e' || s_[end] == 'E')) {
                std::size_t e = end + 1;
                if (e < s_.size() && (s_[e] == '+' || s_[e] == '-')) ++e;
                if (e < s_.size() && s_[e] >= '0' && s_[e] <= '9') {
                    end = e;
                    while (end < s_.size() && s_[end] >= '0' && s_[end] <= '9') ++end;
                }
            }
            double v = 0;
            const auto [ptr, ec] = std::from_chars(s_.data() + p_, s_.data() + end, v);
            if (ec != std::errc{} || ptr != s_.data() + end || !std::isfinite(v))
                fail(at, "'" + s_.substr(p_, end - p_) + "' is not a number");
            if (end < s_.size() && name_start(static_cast<unsigned char>(s_[end])))
                fail(end, "a number cannot run into a name (missing operator?)");
            p_ = end;
            emit(expr_op::constant, at, v, 0, +1);
            return;
        }
        if (c == '`') {
            const std::size_t close = s_.find('`', p_ + 1);
            if (close == std::string::npos) fail(at, "unterminated `quoted column name`");
            const std::string name = s_.substr(p_ + 1, close - p_ - 1);
            if (name.empty()) fail(at, "empty `` column name");
            p_ = close + 1;
            push_column(name, at);
            return;
        }
        if (name_start(c)) {
            std::size_t end = p_;
            while (end < s_.size() && name_char(static_cast<unsigned char>(s_[end]))) ++end;
            const std::string name = s_.substr(p_, end - p_);
            p_ = end;
            if (name == "and" || name == "or" || name == "not")
                fail(at, "'" + name + "' needs a value before it");
            skip();
            if (p_ < s_.size() && s_[p_] == '(') {
                const auto& fs = functions();
                const auto f = fs.find(name);
                if (f == fs.end()) fail(at, "unknown function '" + name + "' (known: " + function_names() + ")");
                ++p_;
                std::size_t n = 0;
                skip();
                if (p_ < s_.size() && s_[p_] == ')') {
                    ++p_;
                } else {
                    for (;;) {
                        parse_or();
                        ++n;
                        if (eat(",")) continue;
                        if (eat(")")) break;
                        fail((skip(), p_), "expected ',' or ')' in the arguments of " + name + "()");
                    }
                }
                const auto& info = f->second;
                if (n < info.min_args || (info.max_args != 0 && n > info.max_args)) {
                    const std::string want = info.max_args == 0 ? "at least " + std::to_string(info.min_args)
                                                                : std::to_string(info.min_args);
                    fail(at, name + "() takes " + want + " argument" + (info.min_args == 1 && info.max_args == 1 ? "" : "s") +
                                 ", got " + std::to_string(n));
                }
                emit(info.op, at, 0, n, 1 - static_cast<int>(n));
                return;
            }
            push_column(name, at);
            return;
        }
        fail(at, "unexpected '" + std::string(1, s_[p_]) + "' (expected a number, a column, a function or '(')");
    }
};

[[nodiscard]] std::string escape_pointer(const std::string& key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

}  // namespace

void compile_expression(derived_column& out, std::vector<model_problem>& problems) {
    parser p(out.expression, out);
    try {
        p.run();
    } catch (const syntax_error& e) {
        problems.push_back({out.pointer, "at character " + std::to_string(p.character(e.at)) + " of \"" +
                                             out.expression + "\": " + e.message});
        out.program.clear();
    }
}

void parse_derived(const nlohmann::json& j, model& m, std::vector<model_problem>& problems) {
    if (!j.is_object()) {
        problems.push_back({"/derived", "must be an object of column name -> expression text"});
        return;
    }
    for (const auto& [name, v] : j.items()) {
        derived_column d;
        d.name = name;
        d.pointer = "/derived/" + escape_pointer(name);
        if (name.empty()) {
            problems.push_back({d.pointer, "a derived column needs a name"});
            continue;
        }
        if (!v.is_string() || v.get<std::string>().empty()) {
            problems.push_back({d.pointer, "must be an expression text, e.g. \"certified_workers / workers * 100\""});
            continue;
        }
        d.expression = v.get<std::string>();
        compile_expression(d, problems);
        m.derived.push_back(std::move(d));
    }
}

void finish_derived(model& m, std::vector<model_problem>& problems) {
    // Dependency order (depth-first; a column is placed after everything it reads).
    std::unordered_map<std::string, std::size_t> by_name;
    for (std::size_t i = 0; i < m.derived.size(); ++i) by_name.emplace(m.derived[i].name, i);
    std::vector<int> state(m.derived.size(), 0);  // 0 new, 1 on the current path, 2 placed
    std::vector<derived_column> ordered;
    bool cycle = false;
    std::function<void(std::size_t)> visit = [&](std::size_t i) {
        if (state[i] == 2) return;
        if (state[i] == 1) {  // back on the path: this column (indirectly) reads itself
            problems.push_back({m.derived[i].pointer, "derived columns read each other in a cycle through '" +
                                                          m.derived[i].name + "'"});
            cycle = true;
            return;
        }
        state[i] = 1;
        for (const auto& in : m.derived[i].inputs) {
            const auto it = by_name.find(in);
            if (it != by_name.end()) visit(it->second);
        }
        state[i] = 2;
        ordered.push_back(m.derived[i]);
    };
    for (std::size_t i = 0; i < m.derived.size(); ++i) visit(i);
    if (!cycle) m.derived = std::move(ordered);

    // The data must supply every column a derived column reads that is not itself derived.
    std::unordered_set<std::string> seen(m.input_columns.begin(), m.input_columns.end());
    for (const auto& d : m.derived)
        for (const auto& in : d.inputs)
            if (!by_name.count(in) && seen.insert(in).second) m.input_columns.push_back(in);
    m.data_columns.clear();
    for (const auto& c : m.input_columns)
        if (!by_name.count(c)) m.data_columns.push_back(c);
}

}  // namespace v0
}  // namespace civiscore
