#include "cli/model_problems.hpp"

#include <civiscore/error.hpp>

#include <iostream>

namespace civiscore::cli {

model_ptr load_model_reporting(const std::string& path) {
    try {
        return load_model_file(path);
    } catch (const model_error& e) {
        for (const model_problem& p : e.problems()) {
            std::cerr << path << ": ";
            if (!p.pointer.empty()) std::cerr << p.pointer << ": ";
            std::cerr << p.message << '\n';
        }
        if (e.problems().empty()) std::cerr << path << ": " << e.what() << '\n';
        throw problems_reported{};
    }
}

}  // namespace civiscore::cli
