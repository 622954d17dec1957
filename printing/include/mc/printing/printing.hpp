#pragma once
// Everything the printing module offers.
#include "mc/printing/bitmap.hpp"
#include "mc/printing/escpos.hpp"
#include "mc/printing/printer.hpp"
#include "mc/printing/profile.hpp"
#include "mc/printing/render.hpp"
#include "mc/printing/transport.hpp"
#include "mc/printing/vietqr.hpp"
#include "mc/printing/wording.hpp"
