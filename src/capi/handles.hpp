// The structs behind the opaque C handles. Each owns (or shares) its C++ object; strings handed out
// by accessors point into these objects and live as long as the handle.
#pragma once

#include "civiscore.h"

#include <civiscore/data.hpp>
#include <civiscore/engine.hpp>
#include <civiscore/model.hpp>

#include <string>

struct civiscore_model {
    civiscore::model_ptr model;
};

struct civiscore_dataset {
    civiscore::dataset data;
    // Its unit ids were checked unique and non-empty when the handle was made; a handle never
    // changes, so scoring need not check them again (engine/score_checked_ids.hpp).
    bool unit_ids_checked = false;
};

struct civiscore_fitted {
    civiscore::fitted fitted;
    std::string sha;              // fitted.sha256(), computed once
    civiscore::model_ptr model;   // the model it was made for
};

struct civiscore_result {
    civiscore::result result;
};

struct civiscore_partial {
    civiscore::partial_stats partial;
    civiscore::model_ptr model;  // the model it was computed for
};
