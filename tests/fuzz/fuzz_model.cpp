// libFuzzer target: the model JSON loader and validator (civiscore::load_model).
// Any input must either load or throw civiscore::model_error; anything else (another exception, a
// crash, a sanitizer report, a hang) is a finding. A model that loads must load again from its own
// canonical JSON with the same hash (the hash is what results are traced by).
#include <civiscore/error.hpp>
#include <civiscore/model.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    civiscore::model_ptr m;
    try {
        m = civiscore::load_model(text);
    } catch (const civiscore::model_error& e) {
        if (e.problems().empty()) std::abort();  // a model_error must say what is wrong
        return 0;
    }
    if (m->nodes.empty() || m->indicators.empty() || m->sha256.size() != 64) std::abort();
    const civiscore::model_ptr again = civiscore::load_model(m->canonical_json);
    if (again->sha256 != m->sha256 || again->nodes.size() != m->nodes.size()) std::abort();
    return 0;
}
