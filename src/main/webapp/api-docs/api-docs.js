// Swagger UI on the server's own OpenAPI document; a script file rather than inline, so the
// pages keep the content security policy that allows scripts of this origin only.
window.ui = SwaggerUIBundle({
  url: "/openapi?format=JSON",
  dom_id: "#swagger-ui",
  deepLinking: true,
  tryItOutEnabled: false
});
