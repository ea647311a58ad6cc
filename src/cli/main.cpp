// civiscore: validate models, fit and score data from the command line.
// Exit status: 0 success, 1 error, 2 usage error. No exception leaves main.
#include "cli/args.hpp"
#include "cli/cmd_analyze.hpp"
#include "cli/cmd_assess.hpp"
#include "cli/cmd_check.hpp"
#include "cli/cmd_import_coinr.hpp"
#include "cli/cmd_link.hpp"
#include "cli/cmd_logs.hpp"
#include "cli/cmd_report.hpp"
#include "cli/cmd_rollup_periods.hpp"
#include "cli/commands.hpp"
#include "cli/model_problems.hpp"

#include <civiscore/error.hpp>
#include <civiscore/version.hpp>

#include <cstdio>
#include <exception>
#include <iostream>
#include <new>
#include <string>
#include <vector>

namespace {

int run(const std::vector<std::string>& args) {
    using namespace civiscore::cli;
    const invocation inv = parse_args(args);
    switch (inv.cmd) {
        case command::help: std::fputs(usage_text(), stdout); return 0;
        case command::version: std::printf("civiscore %s\n", civiscore::version_string()); return 0;
        case command::validate: return run_validate(inv);
        case command::score: return run_score(inv);
        case command::fit: return run_fit(inv);
        case command::assess: return run_assess(inv);
        case command::allocate: return run_allocate(inv);
        case command::check: return run_check(inv);
        case command::report: return run_report(inv);
        case command::import_coinr: return run_import_coinr(inv);
        case command::aggregate_logs: return run_aggregate_logs(inv);
        case command::link: return run_link(inv);
        case command::rollup_periods: return run_rollup_periods(inv);
        case command::analyze: return run_analyze(inv);
    }
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const std::vector<std::string> args(argv + 1, argv + argc);
        return run(args);
    } catch (const civiscore::cli::usage_error& e) {
        std::cerr << "civiscore: " << e.what() << "\n\n" << civiscore::cli::usage_text();
        return 2;
    } catch (const civiscore::cli::problems_reported&) {
        return 1;
    } catch (const civiscore::error& e) {
        std::cerr << "civiscore: " << e.what() << '\n';
        return 1;
    } catch (const std::bad_alloc&) {
        std::fputs("civiscore: out of memory\n", stderr);
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "civiscore: internal error: " << e.what() << '\n';
        return 1;
    } catch (...) {
        std::fputs("civiscore: internal error: unknown exception\n", stderr);
        return 1;
    }
}
