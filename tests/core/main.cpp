// The one translation unit of test_core that defines the Boost.Test module.
#define BOOST_TEST_MODULE civiscore_core
#include <boost/test/unit_test.hpp>
