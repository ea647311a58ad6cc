// Derived columns: named expressions over input columns declared in the model ("derived",
// docs/model-format.md), e.g. "certified_workers / workers * 100". Parsed and validated with the
// model into a small postfix program; the engine evaluates it column-wise over blocks of units
// before anything reads the data, so indicators, denominators and checks use derived columns like
// any data column.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace civiscore {
inline namespace v0 {

// One instruction of a derived column's postfix program.
enum class expr_op : std::uint8_t {
    constant,  // push `value`
    column,    // push input `index` (into derived_column::inputs)
    neg, add, sub, mul, div,
    lt, le, gt, ge, eq, ne,
    logical_and, logical_or, logical_not,
    min, max,  // pop `index` operands (>= 2)
    clamp,     // x, lo, hi
    abs, log,  // natural logarithm
    if_else    // cond, then, else
};

struct expr_instruction {
    expr_op op = expr_op::constant;
    double value = 0.0;
    std::size_t index = 0;
    std::size_t position = 0;  // character in the expression (1-based), for messages
};

struct derived_column {
    std::string name;        // the column it defines
    std::string expression;  // as written
    std::string pointer;     // "/derived/<name>"
    std::vector<std::string> inputs;           // columns read (data or other derived columns), first use first
    std::vector<std::size_t> input_positions;  // where each input is first used (character, 1-based)
    std::vector<expr_instruction> program;     // postfix
    std::size_t stack_depth = 0;               // the most values the program holds at once
};

}  // namespace v0
}  // namespace civiscore
