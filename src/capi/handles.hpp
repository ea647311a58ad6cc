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
