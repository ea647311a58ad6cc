// fit for models that need the whole data set at once: data treatment (COINr's outlier rule re-tests
// the whole column after every step) and weights learned from the children's scores cannot be
// merged from partial statistics, so they take one pass over all the data (docs/methods.md).
#include "engine/learn.hpp"
#include "engine/treatment.hpp"

namespace civiscore {
inline namespace v0 {

fitted fit_whole_data(const model& m, const dataset& d, int n_threads) {
    std::vector<indicator_treatment> treatment;
    const bool treat = has_treatment(m);
    dataset treated;
    if (treat) {
        treatment = learn_treatment(m, d);
        treated = apply_treatment(m, treatment, d, nullptr);
    }
    const dataset& data = treat ? treated : d;
    // The rules' statistics are those of the treated columns, merged as usual.
    fitted f = finalize(m, partial_fit(m, data, n_threads));
    f.treatment = std::move(treatment);
    learn_normalisers(m, f, data);
    learn_node_weights(m, f, data, n_threads);
    return f;
}

}  // namespace v0
}  // namespace civiscore
