// placeholder until the module lands
namespace mc::printing { void module_anchor() {} }
