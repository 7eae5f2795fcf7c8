/** Tailwind v3 build for Guildhall (`make css`). The built file is committed. */
const { execSync } = require("child_process");

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
      colors: {
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
