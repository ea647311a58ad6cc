// The one translation unit of test_capi that defines the Boost.Test module.
#define BOOST_TEST_MODULE civiscore_capi
#include <boost/test/unit_test.hpp>
