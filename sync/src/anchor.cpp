// placeholder until the module lands
namespace mc::sync { void module_anchor() {} }
