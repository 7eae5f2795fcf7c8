/** Tailwind v3 build for Guildhall (`make css`). The built file is committed. */
const { execSync } = require("child_process");
const colors = require("tailwindcss/colors");

// crispy-tailwind renders form fields from its own templates: scan them too, or their
// classes are purged. Ask the project's Python where the package is installed.
function crispyTailwindDir() {
  for (const python of [".venv/bin/python", "python3"]) {
    try {
      return execSync(
        `${python} -c "import crispy_tailwind, os; print(os.path.dirname(crispy_tailwind.__file__))"`,
        { stdio: ["ignore", "pipe", "ignore"] },
      ).toString().trim();
    } catch (e) {
      /* try the next interpreter */
    }
  }
  return null;
}

const crispy = crispyTailwindDir();

module.exports = {
  content: [
    "./templates/**/*.html",
    "./*/templates/**/*.html",
    "./accounts/**/*.py",
    "./board/**/*.py",
    "./internships/**/*.py",
    "./learning/**/*.py",
    "./community/**/*.py",
    "./site_config/**/*.py",
    "./static/js/**/*.js",
    ...(crispy ? [`${crispy}/templates/**/*.html`] : []),
  ],
  theme: {
    extend: {
      // Text tones, darkened so that every text utility the templates use passes WCAG 2.2
      // AA (4.5:1) on white and on the light tints cards and selected states sit on
      // (slate-50/100, brand-50, rose-50, emerald-50). Tailwind's own 400/500 greys
      // (2.56:1 and 4.25:1 on brand-50), emerald-600 (3.77:1), rose-500/600 and red-500 do not.
      // Fix contrast here, once, rather than page by page.
      colors: {
        slate: { ...colors.slate, 400: "#5f6d82", 500: "#526077" },
        emerald: { ...colors.emerald, 600: "#047857", 700: "#065f46" },
        rose: { ...colors.rose, 500: "#d9163f", 600: "#be123c", 700: "#9f1239" },
        red: { ...colors.red, 500: "#dc2626", 600: "#b91c1c", 700: "#991b1b" },
        brand: {
          50: "#eef2ff",
          100: "#e0e7ff",
          200: "#c7d2fe",
          300: "#a5b4fc",
          400: "#818cf8",
          500: "#6366f1",
          600: "#4f46e5",
          700: "#4338ca",
          800: "#3730a3",
          900: "#312e81",
        },
      },
      fontFamily: {
        sans: ["Inter", "ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "Arial", "sans-serif"],
      },
    },
  },
  plugins: [require("@tailwindcss/forms"), require("@tailwindcss/typography")],
};
