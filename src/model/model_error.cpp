#include <civiscore/error.hpp>

namespace civiscore {
inline namespace v0 {
namespace {

std::string join_problems(const std::vector<model_problem>& problems) {
    std::string text;
    for (const auto& p : problems) {
        if (!text.empty()) text += '\n';
        text += (p.pointer.empty() ? std::string("(document)") : p.pointer) + ": " + p.message;
    }
    return text;
}

}  // namespace

model_error::model_error(std::vector<model_problem> problems)
    : error(status::model, join_problems(problems)), problems_(std::move(problems)) {}

}  // namespace v0
}  // namespace civiscore
