// The one exception hierarchy of civiscore. The C ABI maps each type to a frozen status code.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace civiscore {
inline namespace v0 {

// Values equal the CIVISCORE_* status codes of civiscore.h; never renumber.
enum class status : int {
    ok = 0,
    invalid_argument = 1,
    model = 2,
    data = 3,
    io = 4,
    out_of_memory = 5,
    fitted = 6,
    internal = 7,
};

class error : public std::runtime_error {
public:
    error(status code, const std::string& message) : std::runtime_error(message), code_(code) {}
    [[nodiscard]] status code() const noexcept { return code_; }

private:
    status code_;
};

class invalid_argument_error : public error {
public:
    explicit invalid_argument_error(const std::string& m) : error(status::invalid_argument, m) {}
};

// One problem found in a model, located by its JSON pointer ("/root/children/2/weight").
struct model_problem {
    std::string pointer;
    std::string message;
};

// All problems of a model at once; what() lists them, one "pointer: message" per line.
class model_error : public error {
public:
    explicit model_error(std::vector<model_problem> problems);
    [[nodiscard]] const std::vector<model_problem>& problems() const noexcept { return problems_; }

private:
    std::vector<model_problem> problems_;
};

class data_error : public error {
public:
    explicit data_error(const std::string& m) : error(status::data, m) {}
};

class io_error : public error {
public:
    explicit io_error(const std::string& m) : error(status::io, m) {}
};

class fitted_error : public error {
public:
    explicit fitted_error(const std::string& m) : error(status::fitted, m) {}
};

class internal_error : public error {
public:
    explicit internal_error(const std::string& m) : error(status::internal, m) {}
};

}  // namespace v0
}  // namespace civiscore
