#pragma once
// Everything the kiosk UI uses from the scanner module.
#include "mc/scanner/cccd.hpp"
#include "mc/scanner/classify.hpp"
#include "mc/scanner/decode.hpp"
#include "mc/scanner/sources.hpp"
#include "mc/scanner/wedge.hpp"
