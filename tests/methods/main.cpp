// The one translation unit of test_methods that defines the Boost.Test module.
#define BOOST_TEST_MODULE civiscore_methods
#include <boost/test/unit_test.hpp>
