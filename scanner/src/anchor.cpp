// placeholder until the module lands
namespace mc::scanner { void module_anchor() {} }
